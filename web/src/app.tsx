import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { createQueryClient } from './api/query-client.ts';
import { LoadingState } from './components/loading-state.tsx';
import { AppRoutes } from './routes.tsx';
import { cssVariablesResolver, themeFor } from './theme.ts';

export function App() {
  const [queryClient] = useState(createQueryClient);
  const { t } = useTranslation();
  const closeLabel = t('common.close');
  const clearLabel = t('common.clear');
  const theme = useMemo(() => themeFor(closeLabel, clearLabel), [closeLabel, clearLabel]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          {/* A page whose catalogue is still on its way waits here (react-i18next suspends it). */}
          <Suspense fallback={<LoadingState />}>
            <AppRoutes />
          </Suspense>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
