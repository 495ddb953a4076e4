/**
 * What the deterministic pass looks for, per catalog provider id. The catalog's own names and env
 * variable names (lib/providers) are added to these by detect.ts; this table holds only what the
 * provider definitions do not: aliases, SDK packages, env prefixes, and the guards that keep
 * everyday words ("replicate the data", "linear regression") from counting.
 */
export interface ProviderSignals {
  /** Names and product names, matched whole-word and case-insensitively. */
  aliases?: string[];
  /**
   * Aliases that are also ordinary words: they count when written capitalized, or lower-case in an
   * input that also has one of `support`'s words; never in `exclude`'s contexts.
   */
  ambiguous?: { words: string[]; support: RegExp; exclude?: RegExp };
  /** Contexts in which an alias does not count (matched against the alias and the words around it). */
  exclude?: RegExp;
  /** Exact npm package names, or scopes ending in "/" (e.g. "@aws-sdk/"). */
  packages?: string[];
  /** Env variable name prefixes beyond the definition's own names (NEXT_PUBLIC_ / VITE_ are stripped first). */
  envPrefixes?: string[];
}

const PAYMENT_WORDS = /\b(payments?|pay|checkout|subscriptions?|billing|invoices?|charges?|customers?|webhooks?|plans?|pricing)\b/i;

export const SIGNALS: Record<string, ProviderSignals> = {
  openai: {
    aliases: ["OpenAI", "ChatGPT", "GPT", "GPT-4", "GPT-4o", "GPT-4.1", "GPT-5", "gpt-4o-mini", "DALL-E", "DALL·E", "Sora"],
    // gpt-oss is an open-weights model served by others (Groq, OpenRouter).
    exclude: /gpt-oss/i,
    packages: ["openai", "@ai-sdk/openai", "@langchain/openai"],
    envPrefixes: ["OPENAI_"],
  },
  anthropic: {
    aliases: ["Anthropic", "Claude", "Claude Sonnet", "Claude Opus", "Claude Haiku"],
    packages: ["@anthropic-ai/sdk", "@ai-sdk/anthropic", "@langchain/anthropic"],
    envPrefixes: ["ANTHROPIC_", "CLAUDE_API_KEY"],
  },
  gemini: {
    aliases: ["Gemini", "Google AI Studio", "Gemini API"],
    packages: ["@google/generative-ai", "@google/genai", "@ai-sdk/google", "@langchain/google-genai"],
    envPrefixes: ["GEMINI_", "GOOGLE_GENERATIVE_AI_API_KEY"],
  },
  openrouter: { aliases: ["OpenRouter"], packages: ["@openrouter/ai-sdk-provider", "openrouter"], envPrefixes: ["OPENROUTER_"] },
  groq: { aliases: ["Groq", "GroqCloud"], packages: ["groq-sdk", "@ai-sdk/groq"], envPrefixes: ["GROQ_"] },
  mistral: {
    aliases: ["Mistral", "Mistral AI", "Mixtral", "Codestral"],
    packages: ["@mistralai/mistralai", "@ai-sdk/mistral"],
    envPrefixes: ["MISTRAL_"],
  },
  replicate: {
    aliases: ["replicate.com"],
    ambiguous: {
      words: ["Replicate"],
      support: /\b(models?|inference|image generation|stable diffusion|flux|sdxl|llama|whisper|predictions?)\b/i,
      exclude: /replicate[ds]?\s+(the|this|that|these|those|it|them|our|your|data|rows|across|between|to|into|from|changes|state|behaviou?r|production|each)\b|\b(to|and|or)\s+replicate\b/i,
    },
    packages: ["replicate"],
    envPrefixes: ["REPLICATE_"],
  },
  huggingface: {
    aliases: ["Hugging Face", "HuggingFace", "Hugging Face Hub", "HF Hub", "HF Inference"],
    // transformers.js runs the models locally and needs no token.
    packages: ["@huggingface/inference", "@huggingface/hub"],
    envPrefixes: ["HF_TOKEN", "HF_API_", "HUGGINGFACE_", "HUGGING_FACE_", "HUGGINGFACEHUB_"],
  },
  runpod: { aliases: ["RunPod", "Run Pod", "runpod.io"], packages: ["runpod-sdk", "@runpod/sdk"], envPrefixes: ["RUNPOD_"] },
  aws: {
    aliases: ["AWS", "Amazon Web Services", "S3", "Amazon S3", "SES", "Amazon SES", "DynamoDB", "Bedrock", "Amazon Bedrock", "SQS", "SNS", "CloudFront", "AWS Lambda", "Cognito"],
    // Cloudflare R2 and others speak the S3 API without being AWS.
    exclude: /S3[- ]compatible|S3 API|S3-style|\bSES\b\s*(score|status)|Firebase Cloud Messaging/i,
    packages: ["@aws-sdk/", "aws-sdk", "@aws-amplify/", "aws-amplify"],
    envPrefixes: ["AWS_"],
  },
  gcp: {
    aliases: ["Google Cloud", "GCP", "BigQuery", "Cloud Run", "Google Cloud Storage", "GCS", "Vertex AI", "Pub/Sub", "Cloud Functions", "Firestore"],
    packages: ["@google-cloud/"],
    envPrefixes: ["GOOGLE_APPLICATION_CREDENTIALS", "GCP_", "GCLOUD_", "GOOGLE_CLOUD_"],
  },
  cloudflare: {
    aliases: ["Cloudflare", "R2", "Cloudflare R2", "Cloudflare Workers", "Workers KV", "Cloudflare D1", "Cloudflare Pages", "Cloudflare Images"],
    packages: ["cloudflare", "wrangler", "@cloudflare/"],
    envPrefixes: ["CLOUDFLARE_", "CF_API_TOKEN", "CF_ACCOUNT_ID", "R2_"],
  },
  stripe: {
    aliases: ["Stripe Checkout", "Stripe Billing", "Stripe Connect"],
    ambiguous: {
      words: ["Stripe"],
      support: PAYMENT_WORDS,
      exclude: /\b(racing|zebra|thin|thick|red|blue|white|black|colou?red|accent|diagonal|a single)\s+stripe\b|\bstripe\s+(pattern|design|across|down|along|of colou?r)\b/i,
    },
    packages: ["stripe", "@stripe/stripe-js", "@stripe/react-stripe-js", "@stripe/"],
    envPrefixes: ["STRIPE_"],
  },
  supabase: { aliases: ["Supabase", "Supabase Auth", "Supabase Storage"], packages: ["@supabase/"], envPrefixes: ["SUPABASE_"] },
  turso: { aliases: ["Turso", "libSQL"], packages: ["@libsql/", "@tursodatabase/"], envPrefixes: ["TURSO_", "LIBSQL_"] },
  github: {
    aliases: ["GitHub", "GitHub API", "GitHub App", "Octokit"],
    // Where the code lives is not an integration the app needs.
    exclude: /\b(code|source|repo|repository|project|it|everything|monorepo)\s+(is\s+|lives\s+|hosted\s+|sits\s+)?(on|in)\s+GitHub\b|\b(open[- ]source[sd]?|hosted|published|star us|fork (it|us)?)\s+on\s+GitHub\b|\bGitHub\s+(Actions|Pages|Copilot|Codespaces)\b/i,
    packages: ["@octokit/", "octokit"],
    envPrefixes: ["GITHUB_", "GH_TOKEN"],
  },
  vercel: {
    aliases: ["Vercel"],
    // The AI SDK and v0 come from Vercel but need no Vercel credential.
    exclude: /Vercel(['’]s)?\s+AI\s+SDK|\bAI SDK (by|from) Vercel|v0 by Vercel/i,
    packages: ["@vercel/", "vercel"],
    envPrefixes: ["VERCEL_TOKEN", "VERCEL_API_TOKEN", "VERCEL_TEAM_ID", "VERCEL_PROJECT_ID", "VERCEL_ORG_ID"],
  },
  netlify: { aliases: ["Netlify"], packages: ["netlify-cli", "@netlify/"], envPrefixes: ["NETLIFY_"] },
  google_oauth: {
    aliases: ["Sign in with Google", "Sign-in with Google", "Google sign-in", "Google sign in", "Google login", "Log in with Google", "Login with Google", "Continue with Google", "Google OAuth", "Google auth", "Google authentication"],
    envPrefixes: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "AUTH_GOOGLE_", "GOOGLE_OAUTH_"],
  },
  resend: {
    aliases: ["resend.com"],
    ambiguous: {
      words: ["Resend"],
      support: /\b(e-?mails?|transactional|newsletters?|inbox)\b/i,
      exclude: /\bresend(s|ing)?\s+(the|a|an|it|them|this|that|my|your|verification|confirmation|code|codes|link|links|invite|invites|invitations?|otp|password|button|request)\b|\b(can|click|tap|please)\s+resend\b/i,
    },
    packages: ["resend"],
    envPrefixes: ["RESEND_"],
  },
  sendgrid: { aliases: ["SendGrid", "Twilio SendGrid"], packages: ["@sendgrid/"], envPrefixes: ["SENDGRID_"] },
  twilio: {
    aliases: ["Twilio", "Twilio Verify"],
    exclude: /Twilio SendGrid/i,
    packages: ["twilio", "@twilio/"],
    envPrefixes: ["TWILIO_"],
  },
  google: {
    aliases: ["Gmail", "Google Calendar", "Google Drive", "Google Sheets", "Google Docs", "Google Workspace", "Google Contacts"],
    packages: ["googleapis", "@googleapis/"],
  },
  slack: {
    aliases: ["Slack API", "Slack bot", "Slack app"],
    ambiguous: {
      words: ["Slack"],
      support: /\b(channels?|workspace|messages?|notif(y|ications?)|alerts?|bots?|post(s|ing)?|teams?)\b/i,
      exclude: /\bslack(ing)?\s+off\b|\bcut\s+(\w+\s+){0,2}slack\b|\bsome\s+slack\b|\bslack\s+(time|in|space)\b/i,
    },
    packages: ["@slack/"],
    envPrefixes: ["SLACK_"],
  },
  notion: {
    aliases: ["Notion API"],
    ambiguous: {
      words: ["Notion"],
      support: /\b(pages?|workspace|wiki|docs?|databases?|notes?|sync)\b/i,
      exclude: /\b(the|a|no|any|this|that)\s+notion\b|\bnotion\s+(of|that)\b/i,
    },
    packages: ["@notionhq/client", "@notionhq/"],
    envPrefixes: ["NOTION_"],
  },
  linear: {
    aliases: ["Linear API", "linear.app"],
    ambiguous: {
      words: ["Linear"],
      support: /\b(issues?|tickets?|sprints?|backlog|cycles?|triage|project management|bug reports?)\b/i,
      exclude: /\blinear(ly)?\s+(regression|algebra|models?|scale|time|growth|interpolation|gradients?|layout|progress(ion)?|equations?|programming|functions?|combinations?|search|flow|history|fashion|way|order|list|scan)\b|\b(non|a|in\s+a)\s*-?\s*linear\b/i,
    },
    packages: ["@linear/sdk"],
    envPrefixes: ["LINEAR_"],
  },
  hubspot: { aliases: ["HubSpot", "HubSpot CRM"], packages: ["@hubspot/api-client", "@hubspot/"], envPrefixes: ["HUBSPOT_"] },
};

/**
 * Category words that point at providers without naming one. A rule with several providers offers
 * them as optional alternatives; a rule is dropped when one of its providers is named outright.
 */
export interface KeywordRule {
  pattern: RegExp;
  providers: string[];
  /** Shown as the reason: why these words lead to these providers. */
  because: string;
}

export const KEYWORDS: KeywordRule[] = [
  {
    pattern: /\b(accept(s|ing)? payments?|take(s)? payments?|payments?|checkout|paid (plans?|tiers?|subscriptions?)|subscriptions?|recurring billing|billing portal|usage-based billing|invoic(e|es|ing)|charge (customers|users|cards)|credit cards?|paywall|one-time purchases?|tip jar|donations?|premium (plans?|tiers?)|pro (plans?|tiers?)|charge (for|per|monthly)|pay (per|monthly|once))\b/i,
    providers: ["stripe"],
    because: "payments are handled by Stripe in the catalog",
  },
  {
    pattern: /\b(send(s|ing)?\s+(out\s+)?(an?\s+|transactional\s+|welcome\s+|the\s+)?e-?mails?|e-?mail(s|ed)?\s+(users|customers|them|people|subscribers)|transactional e-?mails?|e-?mail (notifications?|alerts?|digests?|verification|receipts?|reminders?|invites?|invitations?)|magic[- ]link (e-?mails?|sign[- ]in|login)s?|password[- ]reset e-?mails?|newsletters?|welcome e-?mails?|weekly digests?|digest e-?mails?|(reminder|confirmation|notification|marketing) e-?mails?)\b/i,
    providers: ["resend", "sendgrid"],
    because: "sending email takes an email API such as Resend or SendGrid",
  },
  {
    pattern: /\b(sms|text messages?|texts? (users|customers|them)|phone (number )?verification|verify phone numbers?|one-time codes? by text|whatsapp messages?|voice calls?|phone calls?)\b/i,
    providers: ["twilio"],
    because: "SMS, WhatsApp and voice go through Twilio in the catalog",
  },
  {
    pattern: /\b(gpus?|gpu inference|fine-?tun(e|es|ed|ing)|train(ing)? (our|a|custom|its) (own )?models?|stable diffusion|sdxl|flux|image generation|generate images|self-host(ed)? (models?|llms?|llama)|open[- ]weights? models?|serverless inference)\b/i,
    providers: ["runpod", "replicate"],
    because: "running models on GPUs takes a GPU cloud such as RunPod or Replicate",
  },
  {
    pattern: /\b(llms?|large language models?|chat ?bots?|ai models?|ai (assistant|agent|chat|features?|summar(y|ies)|writing)|ai-powered|generative ai|genai|summari[sz]e[sd]?|summari[sz]ation|semantic search|embeddings?|rag)\b/i,
    providers: ["openai", "anthropic"],
    because: "an AI feature needs a model API such as OpenAI or Anthropic",
  },
  {
    pattern: /\b(file uploads?|upload(s|ed)? (files|images|photos|videos|documents|attachments|avatars)|object storage|blob storage|store (user )?(files|images|photos|videos|uploads|documents|attachments))\b/i,
    providers: ["aws", "cloudflare"],
    because: "storing uploaded files takes object storage such as S3 or Cloudflare R2",
  },
  {
    pattern: /\b(crm|sales pipeline|deals pipeline|sync contacts to (the |our )?crm)\b/i,
    providers: ["hubspot"],
    because: "the catalog's CRM is HubSpot",
  },
];

/** Providers that already cover a rule's need, so the rule proposes nothing when one is named. */
export const COVERED_BY: Record<string, string[]> = {
  "runpod,replicate": ["runpod", "replicate", "huggingface"],
  "openai,anthropic": ["openai", "anthropic", "gemini", "openrouter", "groq", "mistral", "huggingface", "replicate"],
  "aws,cloudflare": ["aws", "cloudflare", "supabase", "gcp"],
  "resend,sendgrid": ["resend", "sendgrid"],
};
