import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { env } from "../../.server/env.server";
import styles from "./styles.module.css";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (env().mode === "demo") throw redirect("/app");
  // Shopify admin opens the app's URL with ?shop=...: send it into the embedded admin.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { showForm: true };
}

/** The public landing page: what Dokani is, and a way in for a store that has it installed. */
export default function Index() {
  const { showForm } = useLoaderData<typeof loader>();
  return (
    <main className={styles.index}>
      <div className={styles.content}>
        <h1 className={styles.heading}>Dokani: returns and customer service that explain themselves</h1>
        <p className={styles.text}>
          A returns portal that decides on the spot, and a chat assistant that answers from your store&apos;s own knowledge, inside
          the rules you set.
        </p>
        {showForm && (
          <Form className={styles.form} method="post" action="/auth/login">
            <label className={styles.label}>
              <span>Shop domain</span>
              <input className={styles.input} type="text" name="shop" />
              <span>e.g: my-shop-domain.myshopify.com</span>
            </label>
            <button className={styles.button} type="submit">
              Log in
            </button>
          </Form>
        )}
        <ul className={styles.list}>
          <li>
            <strong>Instant, explained decisions</strong>. Your policy decides; the shopper sees why.
          </li>
          <li>
            <strong>Risk you can read</strong>. Every score comes with the factors behind it.
          </li>
          <li>
            <strong>An assistant that knows its place</strong>. It answers, starts returns and hands over to a person when it should.
          </li>
        </ul>
      </div>
    </main>
  );
}
