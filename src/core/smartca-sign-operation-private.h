/* smartca-sign-operation-private.h: the slow parts of a signing, run in a
 * worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "smartca-cms.h"
#include "smartca-context.h"
#include "smartca-history.h"
#include "smartca-pdf.h"

G_BEGIN_DECLS

/* Everything a worker thread reads or writes: copies of the options and of
 * what the certificate gives, so that the operation object and the store
 * stay on the main context. */
typedef struct
{
  /* Read by the first worker */
  char          *input_path;
  char          *output_path; /* NULL: the default, set by the worker */
  int            page;        /* -1: the default page */
  gboolean       has_rect;
  SmartcaPdfRect rect;
  gboolean       invisible;
  gboolean       business; /* an organisation's seal: first page, top right */
  char          *reason;
  char          *location;
  char          *signer_name;
  GFile         *image_file; /* NULL: text only */
  GBytes        *leaf_der;
  GBytes        *ca_der;   /* nullable */
  GBytes        *root_der; /* nullable */
  gint64         signing_time;
  /* Made by the first worker, used by the second */
  SmartcaPdfPrepared *prepared;
  SmartcaCms         *cms;
  GBytes             *hash_to_sign;
  /* From SmartCA, for the second worker */
  GBytes *signature;
  /* Made by the second worker: SHA-256 of the file written (hex), or NULL */
  char *output_sha256;
} SmartcaSignJob;

/* smartca_sign_operation_default_rect() for an organisation's seal or not */
void smartca_sign_operation_default_rect_for (gboolean        business,
                                              double          width,
                                              double          height,
                                              SmartcaPdfRect *rect);

void smartca_sign_job_free (SmartcaSignJob *job);
/* Reads and checks the PDF, draws the appearance, prepares the update and
 * hashes it: job->prepared, job->cms and job->hash_to_sign are set. */
gboolean smartca_sign_job_prepare (SmartcaSignJob *job,
                                   GCancellable   *cancellable,
                                   GError        **error);
/* Builds the CMS around job->signature (verifying it) and writes the
 * output. */
gboolean smartca_sign_job_commit (SmartcaSignJob *job,
                                  GCancellable   *cancellable,
                                  GError        **error);

/* The history entry of a run that ended with @error (NULL: signed),
 * recorded in @context's store when it can be; a failure to record is only
 * logged. Returns the entry either way (id 0 when not stored). */
SmartcaHistoryEntry *smartca_sign_record_history (SmartcaContext     *context,
                                                  SmartcaCertificate *certificate,
                                                  const char         *input_path,
                                                  const char         *output_path,
                                                  const char         *output_sha256,
                                                  const char         *transaction_id,
                                                  const GError       *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaSignJob, smartca_sign_job_free)

G_END_DECLS
