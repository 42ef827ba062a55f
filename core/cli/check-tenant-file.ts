import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { at, type TenantValidator } from '../tenants/load-tenant.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { claimsOf, contestedHostnames, readTenantFile, refuseContested, tenantIdOf, type HostnameClaim } from '../tenants/hostname-claims.ts';
import { contrastProblems, MIN_TEXT_CONTRAST } from '../tenants/colour-contrast.ts';
import { formatLocatedErrors, parseYaml, YamlValidationError, type DataPath, type LocatedError, type ParsedYaml } from '../schema/yaml-validate.ts';

/**
 * Every hostname the install's tenant files claim, so a file is checked against all the others
 * (not only those named before it): the portal refuses a file that claims another tenant's
 * hostname, and `tenant validate` says so on the line of the claim, in every file involved.
 */
export class HostnameClaims {
  readonly #claims: HostnameClaim[];
  readonly #devHostnames: boolean;

  /** `files`: every tenant file of the install and those being checked; one per tenant id. */
  constructor(validator: TenantValidator, files: string[], devHostnames: boolean) {
    this.#devHostnames = devHostnames;
    const byTenant = new Map(files.map((file) => [tenantIdOf(file), file]));
    this.#claims = [...byTenant.values()].flatMap((file) => (existsSync(file) ? claimsOf(readTenantFile(validator, file), devHostnames) : []));
  }

  check(parsed: ParsedYaml, tenant: Tenant): LocatedError[] {
    const own = claimsOf({ id: tenant.id, file: parsed.file, tenant }, this.#devHostnames);
    const others = this.#claims.filter((c) => c.tenant !== tenant.id);
    const refused = refuseContested(contestedHostnames([...own, ...others])).get(tenant.id) ?? [];
    return refused.map(({ claim, message }) => at(parsed, claim.path, message));
  }
}

/**
 * Every problem of one tenant file, as `file:line:col field: message` lines (none means valid),
 * and what it should fix though it loads (`warnings`, e.g. a text missing an offered language).
 */
export function checkTenantFile(validator: TenantValidator, file: string, claims: HostnameClaims): { problems: string[]; warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problems: [`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`], warnings: [] };
  }
  let tenant: Tenant;
  try {
    tenant = validator.load(file, text);
  } catch (err) {
    if (err instanceof YamlValidationError) return { problems: err.message.split('\n'), warnings: [] };
    throw err;
  }
  const parsed = parseYaml(file, text);
  const errors = [...missingLogos(parsed, tenant), ...unreadableColours(parsed, tenant), ...claims.check(parsed, tenant)];
  const warnings = tenant.warnings ?? [];
  return {
    problems: errors.length ? formatLocatedErrors(errors).split('\n') : [],
    warnings: warnings.length ? formatLocatedErrors(warnings).split('\n') : [],
  };
}

/** A logo that is not in `tenants/<id>/assets/` would show as a broken image on every page. */
function missingLogos(parsed: ParsedYaml, tenant: Tenant): LocatedError[] {
  const assets = resolve(tenant.dir, 'assets');
  type Logos = { branding?: { logo?: string }; mail?: { logo?: string } };
  const data = parsed.data as Logos & { brands?: Logos[] };
  const written: { logo: string; path: DataPath }[] = [];
  const add = (own: Logos, base: DataPath) => {
    if (own.branding?.logo) written.push({ logo: own.branding.logo, path: [...base, 'branding', 'logo'] });
    if (own.mail?.logo) written.push({ logo: own.mail.logo, path: [...base, 'mail', 'logo'] });
  };
  add(data, []);
  data.brands?.forEach((b, i) => add(b, ['brands', i]));
  return written
    .filter(({ logo }) => !existsSync(join(assets, logo)))
    .map(({ logo, path }) => at(parsed, path, `file not found: ${join(tenant.dir, 'assets', logo)}`));
}

/**
 * Text the customer cannot read is a broken page for some of them: each brand's colours (its own
 * over the tenant's) must keep WCAG AA contrast. Points at the colour the file wrote, brand first.
 */
function unreadableColours(parsed: ParsedYaml, tenant: Tenant): LocatedError[] {
  const data = parsed.data as { branding?: { colors?: Record<string, string> }; brands?: { branding?: { colors?: Record<string, string> } }[] };
  return tenant.brands.flatMap((brand, i) => {
    const own = i === 0 ? data.branding?.colors : data.brands?.[i - 1]?.branding?.colors;
    const base: DataPath = i === 0 ? ['branding', 'colors'] : ['brands', i - 1, 'branding', 'colors'];
    const inherited: DataPath = ['branding', 'colors'];
    // A brand that changes neither colour of a pair repeats the tenant's problem: said once, there.
    const problems = contrastProblems(brand.branding.colors).filter((p) => i === 0 || own?.[p.foreground] || own?.[p.background]);
    return problems.map(({ foreground, background, ratio }) => {
      const named = [foreground, background].find((c) => own?.[c]) ?? [foreground, background].find((c) => data.branding?.colors?.[c]);
      const path = named ? (own?.[named] ? [...base, named] : [...inherited, named]) : i === 0 ? ['branding'] : ['brands', i - 1];
      return at(
        parsed,
        path,
        `${brand.name}: ${foreground} ${brand.branding.colors[foreground]} on ${background} ${brand.branding.colors[background]} has contrast ${ratio.toFixed(1)}:1; text needs at least ${MIN_TEXT_CONTRAST}:1 (WCAG AA)`,
      );
    });
  });
}
