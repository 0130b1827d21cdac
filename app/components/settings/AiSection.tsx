import { Card, Checkbox, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SectionForm } from "./SectionForm";
import { errorsFor, type SettingsResult } from "./types";

type Props = {
  settings: { aiEnabled: boolean; aiModel?: string; assistantName: string; tone: string; language: string; greeting?: string };
  defaultModel: string;
  modelConfigured: boolean;
  result: SettingsResult | undefined;
};

const TONES = [
  { label: "Friendly", value: "friendly" },
  { label: "Professional", value: "professional" },
  { label: "Concise", value: "concise" },
];

/** The AI switch and model, and the chat assistant's name, tone, language and greeting. */
export function AiSection({ settings, defaultModel, modelConfigured, result }: Props) {
  const { error, fields } = errorsFor(result, "ai");
  const [enabled, setEnabled] = useState(settings.aiEnabled);
  const [model, setModel] = useState(settings.aiModel ?? "");
  const [name, setName] = useState(settings.assistantName);
  const [tone, setTone] = useState(settings.tone);
  const [language, setLanguage] = useState(settings.language);
  const [greeting, setGreeting] = useState(settings.greeting ?? "");
  return (
    <Layout.AnnotatedSection
      id="ai"
      title="AI"
      description="The model recommends on returns waiting for review and answers shoppers in chat. It never approves what your policy does not."
    >
      <Card>
        <SectionForm intent="ai" error={error}>
          <Checkbox
            label={modelConfigured ? "Use the AI model" : "Use the AI model (no model is configured)"}
            name="aiEnabled"
            value="on"
            checked={enabled}
            onChange={setEnabled}
            helpText={
              modelConfigured ? (
                "Off: reviews get the rules' recommendation and chat answers from the knowledge base only."
              ) : (
                <Text as="span" tone="caution">
                  No model is configured on this server: set OPENAI_API_KEY to use one. Until then, on or off, reviews get the rules&apos; recommendation and chat answers from
                  the knowledge base only.
                </Text>
              )
            }
          />
          <TextField label="Model" name="aiModel" value={model} onChange={setModel} autoComplete="off" placeholder={defaultModel} error={fields.aiModel} helpText={`Leave empty for the server's default, ${defaultModel}.`} />
          <TextField label="Assistant name" name="assistantName" value={name} onChange={setName} autoComplete="off" maxLength={40} error={fields.assistantName} />
          <Select label="Tone" name="tone" options={TONES} value={tone} onChange={setTone} error={fields.tone} />
          <TextField
            label="Language"
            name="language"
            value={language}
            onChange={setLanguage}
            autoComplete="off"
            error={fields.language}
            helpText="auto answers in the shopper's language; or a code such as en, fr or pt-BR."
          />
          <TextField
            label="Greeting"
            name="greeting"
            value={greeting}
            onChange={setGreeting}
            multiline={2}
            maxLength={300}
            autoComplete="off"
            error={fields.greeting}
            helpText="The chat's first message. Leave empty for a greeting in the assistant's name."
          />
        </SectionForm>
      </Card>
    </Layout.AnnotatedSection>
  );
}
