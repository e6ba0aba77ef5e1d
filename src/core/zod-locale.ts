/**
 * zod/mini registers no locale of its own: without this every issue message would
 * read "Invalid input". Messages follow the interface language: English (what
 * classic zod registers, so messages read the same on every side) or zod's own
 * Simplified Chinese, chosen per message from i18n's current language. Shot and
 * front matter fields never show zod's text (parse/schema.ts maps each field to a
 * catalog message); this covers the rest (the journal's, the providers'
 * "unexpected shape" failures, the assistant's answer checks). Imported for its
 * effect by each core module that builds schemas; registering it twice is harmless.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";
import zhCN from "zod/v4/locales/zh-CN.js";
import { language } from "./i18n";

const locales = { en: en(), zh: zhCN() };

config({ localeError: (issue) => locales[language()].localeError(issue) });
