/** An exporter's bytes as text (the CSV and YAML formats), for tests that read them. */
export async function asText(bytes: Promise<Uint8Array>): Promise<string> {
  return new TextDecoder().decode(await bytes);
}
