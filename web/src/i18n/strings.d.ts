// The language files' parts, made by the strings plugin in web/vite.config.ts.
declare module "virtual:strings/*" {
  const strings: Record<string, unknown>;
  export default strings;
}
