/** The same server as `url`, connected to database `name`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The database named in TEST_DATABASE_URL is the one tests connect to for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  return url;
}
