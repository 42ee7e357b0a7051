import { describe, expect, it } from 'vitest';
import { imagePaths } from './page-images.ts';
import { OFFLINE_API_PATTERN } from './cache-names.ts';

const ID = '0b6f1d9e-3c1a-4f55-9a7e-2d1c3b4a5e6f';

describe('what a kept space stores', () => {
  it('takes the attachment images of a page body once each, not outside images', () => {
    const image = (src: string) => ({ type: 'image', attrs: { src, alt: null, title: null } });
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [image(`/api/v1/attachments/${ID}`), image('https://example.org/x.png')] },
        { type: 'bullet_list', content: [{ type: 'list_item', content: [{ type: 'paragraph', content: [image(`/api/v1/attachments/${ID}`)] }] }] },
      ],
    };
    expect(imagePaths(doc)).toEqual([`/attachments/${ID}`]);
  });

  it('serves offline the answers a kept space needs and nothing else', () => {
    const kept = [
      `/api/v1/pages/${ID}`,
      `/api/v1/spaces/${ID}/tree`,
      `/api/v1/attachments/${ID}`,
      `/api/v1/processes?spaceId=${ID}`,
      `/api/v1/processes/${ID}`,
      `/api/v1/processes/${ID}/bpmn`,
      `/api/v1/processes/${ID}/coverage`,
      `/api/v1/processes/${ID}/steps/Task_1/pages`,
      `/api/v1/processes/${ID}/steps/Task_1/people`,
    ];
    for (const path of kept) expect(OFFLINE_API_PATTERN.test(`https://wiki.example${path}`), path).toBe(true);
    const notKept = [`/api/v1/pages/${ID}/export?format=markdown`, `/api/v1/attachments/${ID}/thumbnail`, `/api/v1/processes/${ID}/export?format=svg`, '/api/v1/search?q=x'];
    for (const path of notKept) expect(OFFLINE_API_PATTERN.test(`https://wiki.example${path}`), path).toBe(false);
  });
});
