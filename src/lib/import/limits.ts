// How large an export the dashboard takes as an upload. The upload is held in
// memory while it is read, so it is capped; `npm run import` streams any size.
export const MAX_IMPORT_UPLOAD_BYTES = 64 * 1024 * 1024;
