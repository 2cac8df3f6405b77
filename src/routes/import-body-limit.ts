import { bodyLimit } from "hono/body-limit";
import { tooLarge, UPLOAD_LIMITS } from "../services/roster";

/**
 * The roster upload's own body cap (the page and the API), checked while the body streams in and
 * before it is parsed; multipart framing gets 1 MiB on top of the files' own limit.
 */
export const importBodyLimit = bodyLimit({
  maxSize: UPLOAD_LIMITS.uploadBytes + 1024 * 1024,
  onError: () => {
    throw tooLarge(`the upload is over ${UPLOAD_LIMITS.uploadBytes / 1024 / 1024} MiB`, UPLOAD_LIMITS.uploadBytes);
  },
});
