import { configure } from '@testing-library/react';

// Pages load their feature chunks lazily; on a busy two-core CI machine the first import of a
// chunk (transformed on demand by Vite) can take longer than the default one second.
configure({ asyncUtilTimeout: 5000 });
