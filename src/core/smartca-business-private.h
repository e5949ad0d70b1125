/* smartca-business-private.h: shared between the business account's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-business.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
gboolean business_check_supported (SmartcaCertificate *certificate,
                                   GError            **error);

G_END_DECLS
