/* smartca-text.h: text from SmartCA, a certificate or the user, shown
 * among ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *smartca_format_clean (const char *text);
char *smartca_format_isolate (const char *value);
char *smartca_format_reveal (const char *value);

G_END_DECLS
