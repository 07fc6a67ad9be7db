import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';
import type { AppSettings } from '../../types';

const Overview = React.lazy(() => import('../../pages/Overview'));

function App(_props: AppRootProps<AppSettings>) {
  return (
    <Routes>
      <Route path={ROUTES.Overview} element={<Overview />} />
      <Route path="*" element={<Navigate to={ROUTES.Overview} replace />} />
    </Routes>
  );
}

export default App;
