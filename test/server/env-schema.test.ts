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

  it("ends event streams before Vercel's 300 s function limit unless told otherwise", () => {
    expect(parseEnv({}).EVENT_STREAM_MAX_SECONDS).toBe(280);
    expect(parseEnv({}).EVENT_STREAM_HEARTBEAT_SECONDS).toBe(20);
    expect(parseEnv({ EVENT_STREAM_MAX_SECONDS: "60" }).EVENT_STREAM_MAX_SECONDS).toBe(60);
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
    ["a LISTEN connection for the embedded database", { DATABASE_LISTEN_URL: "postgres://u@db.example.test:5432/postgres" }, "DATABASE_URL is required when DATABASE_LISTEN_URL is set"],
    ["an event stream heartbeat slower than 25 s", { EVENT_STREAM_HEARTBEAT_SECONDS: "40" }, "EVENT_STREAM_HEARTBEAT_SECONDS"],
  ])("stops at %s with a sentence naming the variable", (_, source, sentence) => {
    expect(() => parseEnv(source)).toThrow(`Switchboard cannot start: `);
    expect(() => parseEnv(source)).toThrow(sentence);
  });
});
