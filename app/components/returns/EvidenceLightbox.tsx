import { BlockStack, Box, Button, InlineStack, Modal, Spinner, Text } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { useAuthenticatedBlobUrl } from "./use-authenticated-blob-url";

export type EvidencePhoto = { id: string; src: string };

function Photo({ src, alt, large }: { src: string; alt: string; large?: boolean }) {
  const { url, failed } = useAuthenticatedBlobUrl(src);
  const size = large ? { maxWidth: "100%", maxHeight: "70vh" } : { width: 96, height: 96, objectFit: "cover" as const };
  if (failed) return <Text as="span" tone="critical">This photo could not be loaded.</Text>;
  if (!url) return <Spinner size="small" accessibilityLabel={`Loading ${alt}`} />;
  return <img src={url} alt={alt} style={{ ...size, display: "block", borderRadius: 8 }} />;
}

/**
 * The shopper's photos as thumbnails; each opens a lightbox (a Polaris Modal) with the photo large,
 * previous and next buttons, and the arrow keys to move between photos.
 */
export function EvidenceLightbox({ photos, orderName }: { photos: EvidencePhoto[]; orderName: string }) {
  const [open, setOpen] = useState<number | null>(null);
  const count = photos.length;
  const previous = useCallback(() => setOpen((i) => (i === null ? i : (i - 1 + count) % count)), [count]);
  const next = useCallback(() => setOpen((i) => (i === null ? i : (i + 1) % count)), [count]);

  useEffect(() => {
    if (open === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "ArrowLeft") previous();
      if (event.key === "ArrowRight") next();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, previous, next]);

  if (count === 0) return <Text as="p" tone="subdued">The shopper added no photos.</Text>;
  const current = open === null ? null : photos[open];
  return (
    <>
      <InlineStack gap="200" wrap>
        {photos.map((photo, index) => (
          <button
            key={photo.id}
            type="button"
            onClick={() => setOpen(index)}
            aria-label={`Open photo ${index + 1} of ${count} large`}
            style={{ padding: 0, border: "1px solid var(--p-color-border)", borderRadius: 8, background: "none", cursor: "zoom-in" }}
          >
            <Photo src={photo.src} alt={`Photo ${index + 1} of ${count} for ${orderName}`} />
          </button>
        ))}
      </InlineStack>
      <Modal
        open={current !== null && current !== undefined}
        onClose={() => setOpen(null)}
        title={open === null ? "Photo" : `Photo ${open + 1} of ${count}`}
        size="large"
      >
        <Modal.Section>
          <BlockStack gap="300" inlineAlign="center">
            {current ? (
              <Box>
                <Photo src={current.src} alt={`Photo ${(open ?? 0) + 1} of ${count} for ${orderName}`} large />
              </Box>
            ) : null}
            {count > 1 ? (
              <InlineStack gap="200" align="center">
                <Button onClick={previous} accessibilityLabel="Previous photo">
                  Previous
                </Button>
                <Button onClick={next} accessibilityLabel="Next photo">
                  Next
                </Button>
              </InlineStack>
            ) : null}
            {count > 1 ? (
              <Text as="p" tone="subdued" variant="bodySm">
                Use the left and right arrow keys to move between photos.
              </Text>
            ) : null}
          </BlockStack>
        </Modal.Section>
      </Modal>
    </>
  );
}
