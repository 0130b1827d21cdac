import { LoginErrorType } from "@shopify/shopify-app-remix/server";

type LoginError = { shop?: LoginErrorType };

/** Turns the library's login error codes into words for the form. */
export function loginErrorMessage(loginErrors: LoginError | Response): { shop?: string } {
  if (loginErrors instanceof Response) throw loginErrors;
  if (loginErrors?.shop === LoginErrorType.MissingShop) return { shop: "Please enter your shop domain to log in" };
  if (loginErrors?.shop === LoginErrorType.InvalidShop) return { shop: "Please enter a valid shop domain to log in" };
  return {};
}
