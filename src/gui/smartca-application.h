/* smartca-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_APPLICATION (smartca_application_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaApplication, smartca_application, SMARTCA, APPLICATION, AdwApplication)

SmartcaApplication *smartca_application_new (void);
SmartcaContext     *smartca_application_get_context (SmartcaApplication *self);

G_END_DECLS
