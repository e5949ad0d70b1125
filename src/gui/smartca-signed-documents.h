/* smartca-signed-documents.h: the Detail's "Signed Documents" group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-store.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_SIGNED_DOCUMENTS (smartca_signed_documents_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaSignedDocuments, smartca_signed_documents, SMARTCA, SIGNED_DOCUMENTS, AdwPreferencesGroup)

/* The entries of @store's history signed by the certificate of
 * @serial_number, newest first, kept up to date. Once. */
void smartca_signed_documents_bind (SmartcaSignedDocuments *self,
                                    SmartcaStore           *store,
                                    const char             *serial_number);

G_END_DECLS
