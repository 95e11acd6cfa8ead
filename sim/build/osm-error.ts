// The one error type OSM readers throw for input they cannot read (malformed XML, truncated or
// corrupt PBF, unsupported features). The message names the place (line, blob, byte) and why.

export class OsmParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OsmParseError';
  }
}
