/* smartca-deletion.h: deleting certificates, with Undo, from the store and
 * the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_DELETION (smartca_deletion_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaDeletion, smartca_deletion, SMARTCA, DELETION, GObject)

SmartcaDeletion *smartca_deletion_new (SmartcaContext *context);
SmartcaContext  *smartca_deletion_get_context (SmartcaDeletion *self);
gboolean         smartca_deletion_request (SmartcaDeletion    *self,
                                           SmartcaCertificate *certificate,
                                           GError            **error);
gboolean         smartca_deletion_undo (SmartcaDeletion    *self,
                                        SmartcaCertificate *certificate,
                                        GError            **error);
gboolean         smartca_deletion_is_pending (SmartcaDeletion    *self,
                                              SmartcaCertificate *certificate);
void             smartca_deletion_commit_async (SmartcaDeletion    *self,
                                                SmartcaCertificate *certificate,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean         smartca_deletion_commit_finish (SmartcaDeletion *self,
                                                 GAsyncResult    *result,
                                                 gboolean        *keyring_cleared,
                                                 GError         **error);
void             smartca_deletion_complete_all_async (SmartcaDeletion    *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean         smartca_deletion_complete_all_finish (SmartcaDeletion *self,
                                                       GAsyncResult    *result,
                                                       gboolean        *keyring_cleared,
                                                       GError         **error);

G_END_DECLS
