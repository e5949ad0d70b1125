/* smartca-sign-cli.h: smartca-certs --sign, without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The option entries of --sign and its companions (arg_data NULL: the
 * values land in handle-local-options' dictionary). */
const GOptionEntry *smartca_sign_cli_get_options (void);

/* Signs when @options hold --sign and returns the exit status (0 or 1);
 * returns -1 when there is nothing to sign (and no --sign companion was
 * given). @service_url: --service-url, or NULL. Needs no display. */
int smartca_sign_cli_run (GVariantDict *options,
                          const char   *service_url);

G_END_DECLS
