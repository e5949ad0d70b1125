/* test-client.h: what the client tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-client.h"
#include "smartca-sandbox.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)

extern SmartcaSandbox *sandbox;
extern SmartcaTestPki *pki;

GAsyncResult  *wait_result (GAsyncResult **slot);
void           store_result_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);
SmartcaClient *sandbox_client (void);
GPtrArray     *fetch (SmartcaClient *client,
                      const char    *user_id,
                      const char    *serial,
                      GCancellable  *cancellable,
                      GError       **error);
void           assert_fetch_fails (SmartcaClient *client,
                                   const char    *user_id,
                                   const char    *serial,
                                   int            code);
char          *record_json (const char *serial_field,
                            const char *subject,
                            gint64      from,
                            gint64      to,
                            GBytes     *der,
                            const char *extra);
GPtrArray     *parse (const char *body,
                      guint       status,
                      const char *serial_filter,
                      GError    **error);

/* test-client-hardening.c: hostile answers, redirects, proxies, deadlines,
 * secrets in memory and the generic call */
void test_client_hardening_init (void);
void test_client_hardening_add_tests (void);
void test_client_hardening_clean_up (void);
