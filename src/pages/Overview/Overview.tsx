import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Text, useStyles2 } from '@grafana/ui';
import { SignalTable } from '../../components/SignalTable';
import { testIds } from '../../components/testIds';

function Overview() {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage>
      <div data-testid={testIds.overview.container} className={styles.body}>
        <Text element="p" color="secondary">
          Perfscope watches these signals. Each turns warning or critical when it crosses the thresholds below; the
          health score and the alert rules use the same values.
        </Text>
        <SignalTable />
      </div>
    </PluginPage>
  );
}

export default Overview;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
});
