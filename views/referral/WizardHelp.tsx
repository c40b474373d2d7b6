// `?` inside the referral wizard: the same table as the console's help (helpRows:
// this step's keys first, then every other step and screen), drawn by the wizard
// itself so its state (files, mapping, preview) is still there when help closes.
import React from 'react';
import {Box, Text, useInput} from 'ink';
import {commandOf, helpRows, KEY_AREA_TITLES, type ReferralStep} from '../keymap.js';
import {useListNav} from '../hooks.js';
import {Table} from '../components/Table.js';

export function WizardHelp({area, width, height, onClose}: {area: ReferralStep; width: number; height: number; onClose(): void}) {
  const rows = helpRows(area);
  const [nav, , handleList] = useListNav(rows.length, Math.max(3, height - 4));
  useInput((input, key) => {
    // ? or Esc close it (the key map's 'referral-help' area); the rest scroll.
    const command = commandOf('referral-help', input, key);
    if (command === 'help' || command === 'close') onClose();
    else handleList(input, key);
  });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Keys: {KEY_AREA_TITLES[area]} first, then every step and screen (↑↓ PgDn G scroll · Esc or ? closes)
      </Text>
      <Table
        columns={[{title: 'Keys', width: Math.min(20, Math.floor(width / 3))}, {title: 'Where', width: Math.min(24, Math.floor(width / 4))}, {title: 'Does'}]}
        nav={nav}
        width={width}
        getRow={(i) => [rows[i]!.keys, rows[i]!.area, rows[i]!.does]}
      />
    </Box>
  );
}
