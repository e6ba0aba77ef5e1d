/**
 * zod/mini registers no locale of its own: without this every issue message would
 * read "Invalid input". English is what classic zod registers, so messages (the
 * journal's, the providers' "unexpected shape" failures, the assistant's answer
 * checks) read the same on every side. Imported for its effect by each core module
 * that builds schemas; registering it twice is harmless.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
