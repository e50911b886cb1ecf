import { SearchResponse, type AdvancedSearchBody } from '@messenger/shared';
import type { ApiClient } from '../../lib/api.ts';

/** The search call (`POST /api/search/advanced`: text and every filter in one body). */
export function searchApi(api: ApiClient) {
  return {
    search: (body: AdvancedSearchBody) => api.call('POST', '/api/search/advanced', SearchResponse, body),
  };
}

export type SearchApi = ReturnType<typeof searchApi>;
