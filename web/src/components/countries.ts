const regionNames = new Map<string, Intl.DisplayNames | null>();

/** One Intl.DisplayNames per language: tables call this per cell and per sort comparison. */
function regionNamesIn(language: string): Intl.DisplayNames | null {
  let names = regionNames.get(language);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([language], { type: 'region' });
    } catch {
      names = null;
    }
    regionNames.set(language, names);
  }
  return names;
}

/** A country or region's name in the reader's language (CN → China / 中国), the code if unknown. */
export function countryName(code: string, language: string): string {
  try {
    return regionNamesIn(language)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * "Lumen Labs · Lumen Labs Ltd · China": a team as one line, its name, organization and country.
 * The organization is left out when it only repeats the name ("Lumen Labs · Lumen Labs · China"
 * read as a mistake), and so is an empty one.
 */
export function teamLine(
  team: { name: string; organization: string | null; country: string },
  language: string,
): string {
  const name = team.name.trim();
  const organization = team.organization?.trim() ?? '';
  const parts = [name];
  if (organization && organization.toLocaleLowerCase() !== name.toLocaleLowerCase()) parts.push(organization);
  parts.push(countryName(team.country, language));
  return parts.join(' · ');
}
