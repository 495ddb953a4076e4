import { createMasker, MASK } from "@/lib/deployments/mask";

// An AWS-style secret (with /), a password with JSON's special characters, one whose base64 has + and /.
const AWS = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const PASSWORD = 'Tr0ub4dor"&3\\horse/é';
const SHELLY = "s3cr3t>?>?~~~~pass>>>word";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const urlSafe = (s: string) => b64(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("deployment log masking of encoded secrets", () => {
  const masker = createMasker([AWS, PASSWORD, SHELLY]);

  it("masks a secret percent-encoded into a URL or a form body, in upper or lower case hex", () => {
    expect(masker.mask(`GET https://s3.example.com/?secret=${encodeURIComponent(AWS)}&x=1`)).toBe(`GET https://s3.example.com/?secret=${MASK}&x=1`);
    const lower = encodeURIComponent(AWS).replace(/%2F/g, "%2f");
    expect(masker.mask(`secret=${lower}`)).toBe(`secret=${MASK}`);
    expect(masker.mask(`password=${encodeURIComponent(PASSWORD)}`)).toBe(`password=${MASK}`);
  });

  it("masks a secret base64-encoded alone, in the url-safe alphabet, and inside a longer encoded text at any offset", () => {
    expect(masker.mask(`SECRET_B64=${b64(SHELLY)}`)).toBe(`SECRET_B64=${MASK}`);
    expect(b64(SHELLY)).toMatch(/[+/]/);
    expect(masker.mask(`SECRET_B64=${urlSafe(SHELLY)}`)).toBe(`SECRET_B64=${MASK}`);
    for (const user of ["ci", "ci:", "ci:x", "deploy-bot:"]) {
      const header = `Authorization: Basic ${b64(`${user}${AWS}`)}`;
      const masked = masker.mask(header);
      // What is left around the mask are the few characters that also carry the neighbours' bits.
      expect(masked).toMatch(new RegExp(`^Authorization: Basic [A-Za-z0-9+/]{0,${Math.ceil(user.length * 4 / 3) + 1}}\\[masked\\][A-Za-z0-9+/=]{0,4}$`));
      const url = `https://${urlSafe(`${user}${SHELLY}:trailer`)}.example`;
      expect(masker.mask(url)).toContain(MASK);
    }
  });

  it("masks a secret JSON-escaped, with / escaped, with non-ASCII as \\u, and escaped twice", () => {
    const once = JSON.stringify({ password: PASSWORD });
    expect(masker.mask(once)).toBe(`{"password":"${MASK}"}`);
    expect(masker.mask(once.replace(/\//g, "\\/"))).toBe(`{"password":"${MASK}"}`);
    expect(masker.mask(once.replace("é", "\\u00e9"))).toBe(`{"password":"${MASK}"}`);
    expect(masker.mask(JSON.stringify({ config: once }))).toBe(`{"config":"{\\"password\\":\\"${MASK}\\"}"}`);
  });

  it("masks the encoded forms of a value added later, and leaves ordinary text alone", () => {
    const later = createMasker();
    const token = "ya29.a0AfH6SMB+oauth/token==value";
    later.add([token]);
    expect(later.mask(`token=${encodeURIComponent(token)} b64=${b64(token)}`)).toBe(`token=${MASK} b64=${MASK}`);
    const plain = "Installing dependencies: next@16, react@19 (https://registry.npmjs.org/?q=a%2Fb) eyJhbGciOi";
    expect(masker.mask(plain)).toBe(plain);
  });
});
