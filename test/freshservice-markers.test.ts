// The Freshservice marker tag is ferry's lookup key, stripped from what ferry reads back; the
// "ferry-migrated" tag and a source's own ferry-… tags are data and must survive the read
// (verify once reported every ticket's "ferry-migrated" as missing because it was stripped).
import test from 'ava';
import {isMarkerTag, markerTag} from '../connectors/freshservice/markers.js';

test('only marker tags are taken for markers: ferry-migrated and other ferry-… tags stay tags', (t) => {
  for (const key of ['zendesk:tickets:123', 'request-tracker:tickets:7', 'freshservice:tickets:problem-3']) t.true(isMarkerTag(markerTag(key)), key);
  for (const tag of ['ferry-migrated', 'ferry-source', 'ferry', 'ferry-tickets', 'vip']) t.false(isMarkerTag(tag), tag);
});
