import { parseEnv } from "@/lib/env-schema";

const supabase = {
  DATABASE_URL: "postgres://u@db.example.test:5432/postgres",
  NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co",
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_x",
  APP_URL: "https://switchboard.example.test",
};

describe("the environment, parsed once at start", () => {
  it("needs nothing for the embedded default", () => {
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({}).DATA_DIR).toBe(".data");
  });

  it("takes a whole server-mode configuration", () => {
    expect(parseEnv(supabase).NEXT_PUBLIC_SUPABASE_URL).toBe("https://abc.supabase.co");
  });

  it.each([
    ["the publishable key without the URL", { ...supabase, NEXT_PUBLIC_SUPABASE_URL: "" }, "NEXT_PUBLIC_SUPABASE_URL is required"],
    ["the URL without the publishable key", { ...supabase, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: undefined }, "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY is required"],
    ["Supabase Auth without APP_URL, where reset links point", { ...supabase, APP_URL: undefined }, "APP_URL is required with Supabase Auth"],
    ["Supabase Auth on the embedded database", { ...supabase, DATABASE_URL: undefined }, "DATABASE_URL is required with Supabase Auth"],
    ["a KMS key without a region", { KMS_KEY_ID: "alias/x" }, "AWS_REGION is required"],
    ["a database URL that is not PostgreSQL", { DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with postgres://"],
  ])("stops at %s with a sentence naming the variable", (_, source, sentence) => {
    expect(() => parseEnv(source)).toThrow(`Switchboard cannot start: `);
    expect(() => parseEnv(source)).toThrow(sentence);
  });
});
