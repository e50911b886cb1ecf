import { Profile, type UpdateProfileBody } from '@messenger/shared';
import type { ApiClient } from '../../lib/api.ts';
import { postMultipart, type UploadOptions } from '../../lib/upload.ts';

/** The caller's own profile calls (FILE-12); each answers with the whole profile as it is now. */
export function profileApi(api: ApiClient) {
  return {
    get: () => api.call('GET', '/api/profile', Profile),
    /** Changes only the fields given (at least one). */
    update: (body: UpdateProfileBody) => api.call('PUT', '/api/profile', Profile, body),
    /** Sets the profile image; the server checks the type by content and crops it square. */
    uploadImage: (file: File, options?: UploadOptions) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return postMultipart(api, '/api/profile/image', form, Profile, options);
    },
    removeImage: () => api.call('DELETE', '/api/profile/image', Profile),
  };
}

/** The profile calls bound to one API client. */
export type ProfileApi = ReturnType<typeof profileApi>;
