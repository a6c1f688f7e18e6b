/** Where a file is served; the widget uses the visitor routes instead. */
export const fileUrl = (id: number, variant: '' | '/display' | '/thumbnail' = '') => `/api/files/${id}${variant}`;
