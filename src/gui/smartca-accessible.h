/* smartca-accessible.h: what screen readers are told, where GTK 4.8 says it
 * wrongly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void smartca_accessible_init (void);

G_END_DECLS
