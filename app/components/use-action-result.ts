import { useEffect, useRef } from "react";

/**
 * Runs `handle` once for each new action result, after the render that brought it. An action's
 * answer arrives from the router, outside React's own state; showing its toast and resetting the
 * form that sent it is the page's response to that event, so it belongs here rather than in render.
 */
export function useActionResult<T>(result: T | null | undefined, handle: (result: T) => void) {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    if (result) latest.current(result);
  }, [result]);
}
