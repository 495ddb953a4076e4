// Switchboard reads Supabase sessions only on the server (it has no browser client), so unlike
// @supabase/ssr's default the cookies are HttpOnly: a script on the page cannot take the tokens.
// Shared by the proxy and the server client, so a refreshed session keeps the same attributes.
export const supabaseCookieOptions = {
  httpOnly: true,
  sameSite: "lax",
  secure: process.env.NODE_ENV === "production",
  path: "/",
} as const;
