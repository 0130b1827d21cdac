import { BlockStack, Button, Card, Checkbox, InlineGrid, Layout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SectionForm } from "./SectionForm";
import { errorsFor, type SettingsResult } from "./types";

type Location = { name: string; address: string; hours?: string };
type Props = {
  settings: {
    portalUrl?: string;
    returnMethods: {
      sendWithinDays: number;
      ship: { enabled: boolean; address: string; instructions: string };
      dropOff: { enabled: boolean; locations: Location[]; instructions: string };
      keepItem: { enabled: boolean; maxValue: string };
    };
  };
  defaultPortalUrl: string;
  currency: string;
  result: SettingsResult | undefined;
};

const MAX_LOCATIONS = 10;

/** How approved returns come back: ship to an address, drop off, or keep low-value items; and where the portal lives. */
export function ReturnMethodsSection({ settings, defaultPortalUrl, currency, result }: Props) {
  const { error, fields } = errorsFor(result, "returnMethods");
  const methods = settings.returnMethods;
  const [days, setDays] = useState(String(methods.sendWithinDays));
  const [ship, setShip] = useState(methods.ship.enabled);
  const [address, setAddress] = useState(methods.ship.address);
  const [packing, setPacking] = useState(methods.ship.instructions);
  const [dropOff, setDropOff] = useState(methods.dropOff.enabled);
  const [dropNote, setDropNote] = useState(methods.dropOff.instructions);
  const [locations, setLocations] = useState<Location[]>(methods.dropOff.locations.length ? methods.dropOff.locations : [{ name: "", address: "", hours: "" }]);
  const [keep, setKeep] = useState(methods.keepItem.enabled);
  const [maxValue, setMaxValue] = useState(methods.keepItem.maxValue);
  const [portalUrl, setPortalUrl] = useState(settings.portalUrl ?? "");
  const setLocation = (index: number, change: Partial<Location>) => setLocations((all) => all.map((l, i) => (i === index ? { ...l, ...change } : l)));
  const f = (path: string) => fields[`returnMethods.${path}`];

  return (
    <Layout.AnnotatedSection id="return-methods" title="Return methods" description="What shoppers do once a return is approved. The portal, the status page and the approval email say it, with a date.">
      <Card>
        <SectionForm intent="returnMethods" error={error}>
          <TextField
            label="Days to send the items back"
            name="sendWithinDays"
            type="number"
            min={1}
            max={90}
            value={days}
            onChange={setDays}
            autoComplete="off"
            error={f("sendWithinDays")}
            helpText="Counted from the approval, in the store's time zone. The shopper sees the date."
          />
          <BlockStack gap="200">
            <Checkbox label="Shoppers ship the items to an address" name="ship.enabled" value="on" checked={ship} onChange={setShip} />
            {ship ? (
              <>
                <TextField label="Return address" name="ship.address" value={address} onChange={setAddress} multiline={4} autoComplete="street-address" error={f("ship.address")} helpText="As it goes on the parcel. Without an address, shoppers are told to wait for your instructions." />
                <TextField label="Packing instructions" name="ship.instructions" value={packing} onChange={setPacking} multiline={2} autoComplete="off" error={f("ship.instructions")} />
              </>
            ) : null}
          </BlockStack>
          <BlockStack gap="200">
            <Checkbox label="Shoppers drop the items off at a location" name="dropOff.enabled" value="on" checked={dropOff} onChange={setDropOff} helpText="They show the return's QR code at the counter." />
            {dropOff ? (
              <>
                {locations.map((location, i) => (
                  <InlineGrid key={i} columns={{ xs: 1, md: 3 }} gap="200">
                    <TextField label={`Location ${i + 1} name`} name={`dropOff.locations.${i}.name`} value={location.name} onChange={(v) => setLocation(i, { name: v })} autoComplete="off" error={f(`dropOff.locations[${i}].name`)} />
                    <TextField label="Address" name={`dropOff.locations.${i}.address`} value={location.address} onChange={(v) => setLocation(i, { address: v })} autoComplete="off" error={f(`dropOff.locations[${i}].address`)} />
                    <TextField label="Opening hours" name={`dropOff.locations.${i}.hours`} value={location.hours ?? ""} onChange={(v) => setLocation(i, { hours: v })} autoComplete="off" error={f(`dropOff.locations[${i}].hours`)} />
                  </InlineGrid>
                ))}
                {locations.length < MAX_LOCATIONS ? (
                  <div>
                    <Button onClick={() => setLocations((all) => [...all, { name: "", address: "", hours: "" }])}>Add a location</Button>
                  </div>
                ) : null}
                <TextField label="Drop-off instructions" name="dropOff.instructions" value={dropNote} onChange={setDropNote} multiline={2} autoComplete="off" error={f("dropOff.instructions")} />
              </>
            ) : null}
          </BlockStack>
          <BlockStack gap="200">
            <Checkbox label="Low-value returns keep the item" name="keepItem.enabled" value="on" checked={keep} onChange={setKeep} helpText="The shopper is refunded without sending a parcel, after your review." />
            {keep ? <TextField label="Up to" name="keepItem.maxValue" prefix={currency} value={maxValue} onChange={setMaxValue} autoComplete="off" error={f("keepItem.maxValue")} /> : null}
          </BlockStack>
          <TextField
            label="Returns page address"
            name="portalUrl"
            type="url"
            value={portalUrl}
            onChange={setPortalUrl}
            autoComplete="url"
            error={fields.portalUrl}
            helpText={`The storefront page with the returns portal; shopper emails link to it. Leave empty for ${defaultPortalUrl}.`}
          />
          <Text as="p" tone="subdued">
            Prepaid carrier labels are not offered yet; shoppers pay for their own postage.
          </Text>
        </SectionForm>
      </Card>
    </Layout.AnnotatedSection>
  );
}
