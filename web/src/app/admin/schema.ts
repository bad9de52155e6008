// The fields of a settings form, read from a plugin's JSON Schema (as pydantic
// writes it): strings, integers, numbers, booleans, enums and arrays of strings,
// with their bounds; the same bounds are checked here before the API checks them.
import { locale, t } from "../../shell/i18n";

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $defs?: Record<string, JsonSchema>;
  /** The title and description in other languages, by language code (a plugin's
   * `json_schema_extra={"x-i18n": {"fr": {"title": …, "description": …}}}`). */
  "x-i18n"?: Record<string, { title?: string; description?: string }>;
}

export type FieldKind = "string" | "integer" | "number" | "boolean" | "enum" | "strings" | "other";

export interface Field {
  key: string;
  kind: FieldKind;
  readonly label: string;
  readonly hint: string;
  required: boolean;
  /** `null` is a valid value (an optional field): an empty input means null. */
  nullable: boolean;
  schema: JsonSchema;
}

/** What an input holds: text (numbers and lists are edited as text) or a checkbox's state. */
export type Raw = string | boolean;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (schema.$ref) {
    const target = root.$defs?.[schema.$ref.split("/").at(-1) ?? ""] ?? {};
    const { $ref: _ref, ...rest } = schema;
    return resolve({ ...target, ...rest }, root);
  }
  if (schema.allOf?.length === 1) {
    const { allOf, ...rest } = schema;
    return resolve({ ...allOf[0], ...rest }, root);
  }
  return schema;
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum) return "enum";
  if (schema.type === "array") return schema.items?.type === "string" ? "strings" : "other";
  switch (schema.type) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return schema.type;
    default:
      return "other";
  }
}

/** The form's fields, in the schema's order. */
export function fieldsOf(root: JsonSchema): Field[] {
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([key, property]) => {
    let schema = resolve(property, root);
    let nullable = false;
    if (schema.anyOf) {
      const options = schema.anyOf.map((s) => resolve(s, root));
      const others = options.filter((s) => s.type !== "null");
      nullable = others.length < options.length;
      const { anyOf: _anyOf, ...rest } = schema;
      schema = others.length === 1 ? { ...others[0], ...rest } : { ...rest };
    }
    const field: JsonSchema = schema;
    return {
      key,
      kind: kindOf(schema),
      // Read when shown: in the reader's language of the moment.
      get label() {
        return field["x-i18n"]?.[locale()]?.title ?? field.title ?? key;
      },
      get hint() {
        return field["x-i18n"]?.[locale()]?.description ?? field.description ?? "";
      },
      required: required.has(key),
      nullable,
      schema,
    };
  });
}

/** A value of the API as its input shows it. */
export function toRaw(field: Field, value: unknown): Raw {
  if (field.kind === "boolean") return value === true;
  if (value === null || value === undefined) return "";
  if (field.kind === "enum") return String(field.schema.enum?.indexOf(value) ?? "");
  if (field.kind === "strings") return Array.isArray(value) ? value.join("\n") : "";
  if (field.kind === "other") return JSON.stringify(value);
  return String(value);
}

function lines(raw: string): string[] {
  return raw
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** What is wrong with `raw` for `field`, in words, or "" when it is valid. */
export function problemOf(field: Field, raw: Raw): string {
  const s = field.schema;
  if (typeof raw === "boolean" || field.kind === "enum" || field.kind === "other") return "";
  const empty = raw.trim() === "";
  if (empty && field.kind !== "string" && field.kind !== "strings") {
    return field.nullable ? "" : t("admin.settings.needed");
  }
  if (field.kind === "integer" || field.kind === "number") {
    const number = Number(raw);
    if (!Number.isFinite(number)) return t("admin.settings.notNumber");
    if (field.kind === "integer" && !Number.isInteger(number)) return t("admin.settings.notInteger");
    if (s.minimum !== undefined && number < s.minimum) {
      return t("admin.settings.min", { min: s.minimum });
    }
    if (s.maximum !== undefined && number > s.maximum) {
      return t("admin.settings.max", { max: s.maximum });
    }
    if (s.exclusiveMinimum !== undefined && number <= s.exclusiveMinimum) {
      return t("admin.settings.above", { min: s.exclusiveMinimum });
    }
    if (s.exclusiveMaximum !== undefined && number >= s.exclusiveMaximum) {
      return t("admin.settings.below", { max: s.exclusiveMaximum });
    }
    return "";
  }
  if (field.kind === "strings") {
    const count = lines(raw).length;
    if (s.minItems !== undefined && count < s.minItems) {
      return t("admin.settings.minItems", { min: s.minItems });
    }
    if (s.maxItems !== undefined && count > s.maxItems) {
      return t("admin.settings.maxItems", { max: s.maxItems });
    }
    return "";
  }
  if (empty && field.nullable) return "";
  if ((field.required || (s.minLength ?? 0) > 0) && empty) return t("admin.settings.needed");
  if (s.minLength !== undefined && raw.length < s.minLength) {
    return t("admin.settings.minLength", { min: s.minLength });
  }
  if (s.maxLength !== undefined && raw.length > s.maxLength) {
    return t("admin.settings.maxLength", { max: s.maxLength });
  }
  if (s.pattern && !new RegExp(s.pattern, "u").test(raw)) return t("admin.settings.pattern");
  return "";
}

/** The value the API expects from a valid input. */
export function fromRaw(field: Field, raw: Raw): unknown {
  if (typeof raw === "boolean") return raw;
  if (field.nullable && raw.trim() === "") return null;
  switch (field.kind) {
    case "integer":
    case "number":
      return Number(raw);
    case "enum":
      return field.schema.enum?.[Number(raw)];
    case "strings":
      return lines(raw);
    case "other":
      return JSON.parse(raw) as unknown;
    default:
      return raw;
  }
}
