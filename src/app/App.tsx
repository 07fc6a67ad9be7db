import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { ROUTES } from '../constants';
import type { AppSettings } from '../types';

const Overview = React.lazy(() => import('../pages/Overview'));
const Area = React.lazy(() => import('../pages/Area'));
const Services = React.lazy(() => import('../pages/Services'));
const Service = React.lazy(() => import('../pages/Service'));
const Slo = React.lazy(() => import('../pages/Slo'));

function App(_props: AppRootProps<AppSettings>) {
  return (
    <Routes>
      <Route path={ROUTES.Overview} element={<Overview />} />
      <Route path={ROUTES.Services} element={<Services />} />
      <Route path={`${ROUTES.Service}/:name`} element={<Service />} />
      <Route path={ROUTES.Slo} element={<Slo />} />
      <Route path={`${ROUTES.Area}/:area`} element={<Area />} />
      <Route path="*" element={<Navigate to={ROUTES.Overview} replace />} />
    </Routes>
  );
}

export default App;
