/* smartca-test-pki.h: a throwaway certificate authority for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-certificate.h"
#include "smartca-store.h"

G_BEGIN_DECLS

typedef struct _SmartcaTestPki SmartcaTestPki;

SmartcaTestPki     *smartca_test_pki_new (void);
void                smartca_test_pki_free (SmartcaTestPki *pki);
GBytes             *smartca_test_pki_get_root_der (SmartcaTestPki *pki);
GBytes             *smartca_test_pki_get_ca_der (SmartcaTestPki *pki);
GBytes             *smartca_test_pki_issue (SmartcaTestPki *pki,
                                            const char     *subject_dn,
                                            const char     *serial_hex,
                                            gint64          not_before,
                                            gint64          not_after);
char               *smartca_test_pki_issue_server_pem (SmartcaTestPki *pki,
                                                       const char     *ip_address);
SmartcaCertificate *smartca_test_pki_certificate (SmartcaTestPki *pki,
                                                  const char     *lookup_id,
                                                  const char     *subject_dn,
                                                  const char     *serial_hex,
                                                  const char     *service_name,
                                                  gint64          not_before,
                                                  gint64          not_after);

SmartcaCertificate *smartca_test_pki_certificate_named (SmartcaTestPki *pki,
                                                        const char     *lookup_id,
                                                        const char     *common_name,
                                                        const char     *serial_hex,
                                                        const char     *service_name,
                                                        gint64          not_before,
                                                        gint64          not_after);
char               *smartca_test_pki_escape_dn_value (const char *value);
GBytes             *smartca_test_pki_sign_digest (SmartcaTestPki *pki,
                                                  const guint8   *sha256,
                                                  gsize           size);
GBytes             *smartca_test_pki_issue_with_own_key (SmartcaTestPki *pki,
                                                         const char     *subject_dn,
                                                         const char     *serial_hex,
                                                         gint64          not_before,
                                                         gint64          not_after);
GBytes             *smartca_test_pki_sign_digest_by (SmartcaTestPki *pki,
                                                     const char     *serial_hex,
                                                     const guint8   *sha256,
                                                     gsize           size);
GBytes             *smartca_test_pki_sign_digest_as_ca (SmartcaTestPki *pki,
                                                        const guint8   *sha256,
                                                        gsize           size);

/* Small helpers shared by the tests */
gint64              smartca_test_now (void);
void                smartca_test_remove_tree (const char *path);
GPtrArray          *smartca_test_certificates (SmartcaCertificate *first,
                                               ...) G_GNUC_NULL_TERMINATED;
guint               smartca_test_count_defaults (SmartcaStore *store);
guint               smartca_test_n_certificates (SmartcaStore *store);
SmartcaStore       *smartca_test_open_store (const char *path);
SmartcaCertificate *smartca_test_pki_person (SmartcaTestPki *pki,
                                             const char     *serial,
                                             const char     *name,
                                             const char     *cccd);
void                smartca_test_remove_store_files (const char *path);
GAsyncResult       *smartca_test_wait_result (GAsyncResult **slot);
gboolean            smartca_test_set_dac_override (gboolean on);
void                smartca_test_result_cb (GObject      *source,
                                            GAsyncResult *result,
                                            gpointer      user_data);

/* Signature images */
SmartcaSignatureImage *smartca_test_add_image (SmartcaStore *store,
                                               int           width,
                                               int           height,
                                               guint         seed,
                                               const char   *label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaTestPki, smartca_test_pki_free)

G_END_DECLS
