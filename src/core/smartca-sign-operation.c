/* smartca-sign-operation.c: signing one PDF, from the file to the signed
 * copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps, each a callback of the one before: the certificate is checked
 * and its DER loaded (main context); the client is prepared; a worker
 * thread reads the PDF, draws the appearance, prepares the update and
 * hashes it (smartca_sign_job_prepare()); SmartCA signs on the main context
 * (smartca_remote_sign_async(), which may wait minutes for the phone);
 * a worker thread builds the CMS and writes the file
 * (smartca_sign_job_commit()). A failure or a cancellation at any step frees
 * the prepared update at once, which removes its temporary file.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "smartca-sign-operation.h"
#include "smartca-core-enums.h"
#include "smartca-remote-sign.h"
#include "smartca-sign-operation-private.h"
#include "smartca-text.h"

/* The default signature box, and its distance from the page's edges */
#define DEFAULT_WIDTH 200.0
#define DEFAULT_HEIGHT 80.0
#define DEFAULT_MARGIN 36.0

struct _SmartcaSignOperation
{
  GObject parent_instance;

  SmartcaContext     *context;
  SmartcaCertificate *certificate;
  char               *input_path;
  char               *output_path;
  int                 page;
  gboolean            has_rect;
  SmartcaPdfRect      rect;
  gboolean            invisible;
  char               *reason;
  char               *location;
  char               *otp;

  gboolean         started;
  SmartcaSignState state;
  gint64           deadline;
  char            *progress_text;
  char            *transaction_id;
  GSource         *countdown;

  SmartcaHistoryEntry *history_entry;
};

enum
{
  PROP_0,
  PROP_STATE,
  PROP_DEADLINE,
  PROP_PROGRESS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaSignOperation, smartca_sign_operation, G_TYPE_OBJECT)

/* What a run keeps on the main context; the job goes to the workers */
typedef struct
{
  SmartcaSignJob *job;
  SmartcaClient  *client;
  char           *description;
} Run;

static void
run_free (Run *run)
{
  smartca_sign_job_free (run->job);
  g_clear_object (&run->client);
  g_free (run->description);
  g_free (run);
}

/* State and progress */

static char *
waiting_text (SmartcaSignOperation *self)
{
  gint64           left = (self->deadline - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_autofree char *time_left = NULL;

  if (self->deadline == 0)
    return g_strdup (_("Waiting for confirmation on your phone — open the VNPT SmartCA app and "
                       "confirm"));
  left = MAX (left, 0);
  time_left = g_strdup_printf ("%d:%02d", (int) (left / 60), (int) (left % 60));
  /* Translators: %s is the time left to confirm, minutes:seconds ("4:32") */
  return g_strdup_printf (_("Waiting for confirmation on your phone — open the VNPT SmartCA app "
                            "and confirm (%s left)"),
                          time_left);
}

static void
set_progress_text (SmartcaSignOperation *self,
                   char                 *text)
{
  if (g_strcmp0 (self->progress_text, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->progress_text);
  self->progress_text = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TEXT]);
}

static void
set_deadline (SmartcaSignOperation *self,
              gint64                deadline)
{
  if (self->deadline == deadline)
    return;
  self->deadline = deadline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEADLINE]);
}

static gboolean
countdown_cb (gpointer user_data)
{
  SmartcaSignOperation *self = user_data;

  set_progress_text (self, waiting_text (self));
  return G_SOURCE_CONTINUE;
}

static void
stop_countdown (SmartcaSignOperation *self)
{
  if (self->countdown == NULL)
    return;
  g_source_destroy (self->countdown);
  g_clear_pointer (&self->countdown, g_source_unref);
}

/* @text: (transfer full) (nullable): the progress text; NULL: the state's */
static void
set_state (SmartcaSignOperation *self,
           SmartcaSignState      state,
           char                 *text)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (state != SMARTCA_SIGN_STATE_WAITING_FOR_PHONE)
    {
      stop_countdown (self);
      set_deadline (self, 0);
    }
  else if (self->countdown == NULL)
    {
      /* The time left, to the second, on the context the run started in */
      self->countdown = g_timeout_source_new (250);
      g_source_set_callback (self->countdown, countdown_cb, self, NULL);
      g_source_set_static_name (self->countdown, "[smartca] sign countdown");
      g_source_attach (self->countdown, g_main_context_get_thread_default ());
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (text == NULL)
    switch (state)
      {
      case SMARTCA_SIGN_STATE_PREPARING:
        text = g_strdup (_("Reading the document…"));
        break;
      case SMARTCA_SIGN_STATE_SIGNING:
        text = g_strdup (_("Asking SmartCA to sign…"));
        break;
      case SMARTCA_SIGN_STATE_WAITING_FOR_PHONE:
        text = waiting_text (self);
        break;
      case SMARTCA_SIGN_STATE_WRITING:
        text = g_strdup (_("Writing the signed document…"));
        break;
      case SMARTCA_SIGN_STATE_DONE:
        text = g_strdup (_("The document is signed."));
        break;
      case SMARTCA_SIGN_STATE_CANCELLED:
        text = g_strdup (_("Signing was cancelled."));
        break;
      case SMARTCA_SIGN_STATE_FAILED:
        text = g_strdup (_("The document could not be signed."));
        break;
      case SMARTCA_SIGN_STATE_READY:
      default:
        text = g_strdup ("");
        break;
      }
  set_progress_text (self, text);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The run's entry in the history, before anybody hears that it ended */
static void
record_history (SmartcaSignOperation *self,
                Run                  *run,
                const GError         *error)
{
  g_clear_object (&self->history_entry);
  self->history_entry = smartca_sign_record_history (
    self->context, self->certificate, self->input_path, error == NULL ? self->output_path : NULL,
    error == NULL && run->job != NULL ? run->job->output_sha256 : NULL, self->transaction_id,
    error);
}

/* Ends the run with @error; the temporary file goes at once, not when the
 * caller lets go of the result. */
static void
run_fail (GTask  *task,
          GError *error)
{
  SmartcaSignOperation *self = g_task_get_source_object (task);
  Run                  *run = g_task_get_task_data (task);

  if (run->job != NULL)
    g_clear_pointer (&run->job->prepared, smartca_pdf_prepared_free);
  record_history (self, run, error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, SMARTCA_SIGN_STATE_CANCELLED, NULL);
  else
    set_state (self, SMARTCA_SIGN_STATE_FAILED, NULL);
  g_task_return_error (task, error);
}

/* The steps */

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (smartca_sign_job_prepare (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (smartca_sign_job_commit (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* A worker step of @task: @job is the run's, which outlives it */
static void
run_in_worker (GTask              *task,
               GTaskThreadFunc     func,
               GAsyncReadyCallback callback)
{
  Run             *run = g_task_get_task_data (task);
  g_autoptr(GTask) step = g_task_new (g_task_get_source_object (task),
                                      g_task_get_cancellable (task), callback, task);

  g_task_set_source_tag (step, run_in_worker);
  g_task_set_task_data (step, run->job, NULL);
  /* Once the signed copy is in place, a late cancellation must not report
   * it as not written */
  g_task_set_check_cancellable (step, func != commit_thread);
  g_task_run_in_thread (step, func);
}

static void
committed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask)      task = user_data;
  SmartcaSignOperation *self = g_task_get_source_object (task);
  Run                  *run = g_task_get_task_data (task);
  GError               *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (task, error);
      return;
    }
  g_free (self->output_path);
  self->output_path = g_strdup (run->job->output_path);
  g_clear_pointer (&run->job->prepared, smartca_pdf_prepared_free);
  record_history (self, run, NULL);
  set_state (self, SMARTCA_SIGN_STATE_DONE, NULL);
  g_task_return_pointer (task, g_strdup (self->output_path), g_free);
}

static void
remote_progress_cb (SmartcaRemoteSignStage stage,
                    gint64                 deadline,
                    gpointer               user_data)
{
  SmartcaSignOperation *self = user_data;

  switch (stage)
    {
    case SMARTCA_REMOTE_SIGN_WAITING_FOR_PHONE:
      set_deadline (self, deadline);
      set_state (self, SMARTCA_SIGN_STATE_WAITING_FOR_PHONE, NULL);
      break;
    case SMARTCA_REMOTE_SIGN_CONFIRMING:
      set_state (self, SMARTCA_SIGN_STATE_SIGNING, g_strdup (_("Confirming the signature with SmartCA…")));
      break;
    case SMARTCA_REMOTE_SIGN_SENDING:
    default:
      set_state (self, SMARTCA_SIGN_STATE_SIGNING, NULL);
      break;
    }
}

static void
remote_signed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask)      task = user_data;
  SmartcaSignOperation *self = g_task_get_source_object (task);
  Run                  *run = g_task_get_task_data (task);
  g_autofree char      *transaction_id = NULL;
  GError               *error = NULL;
  GBytes               *signature;

  signature = smartca_remote_sign_finish (result, &transaction_id, &error);
  if (transaction_id != NULL)
    {
      g_free (self->transaction_id);
      self->transaction_id = g_steal_pointer (&transaction_id);
    }
  if (signature == NULL)
    {
      run_fail (task, error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_bytes_unref (signature);
      run_fail (task, error);
      return;
    }
  run->job->signature = signature;
  set_state (self, SMARTCA_SIGN_STATE_WRITING, NULL);
  run_in_worker (g_steal_pointer (&task), commit_thread, committed_cb);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask)      task = user_data;
  SmartcaSignOperation *self = g_task_get_source_object (task);
  Run                  *run = g_task_get_task_data (task);
  GError               *error = NULL;
  GCancellable         *cancellable;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (task, error);
      return;
    }
  g_free (self->output_path);
  self->output_path = g_strdup (run->job->output_path);

  set_state (self, SMARTCA_SIGN_STATE_SIGNING, NULL);
  /* (not in the call: the arguments are evaluated in any order) */
  cancellable = g_task_get_cancellable (task);
  smartca_remote_sign_async (run->client, smartca_context_get_vault (self->context),
                             self->certificate, run->job->hash_to_sign, run->description,
                             self->otp, remote_progress_cb, self, cancellable, remote_signed_cb,
                             g_steal_pointer (&task));
}

static void
client_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run             *run = g_task_get_task_data (task);
  GError          *error = NULL;

  run->client = smartca_context_prepare_client_finish (SMARTCA_CONTEXT (source), result, &error);
  if (run->client == NULL)
    {
      run_fail (task, error);
      return;
    }
  run_in_worker (g_steal_pointer (&task), prepare_thread, prepared_cb);
}

/* What the worker needs from the certificate and the store, copied here on
 * the main context */
static SmartcaSignJob *
make_job (SmartcaSignOperation *self,
          SmartcaStore         *store)
{
  SmartcaSignJob        *job = g_new0 (SmartcaSignJob, 1);
  SmartcaSignatureImage *image = smartca_store_get_signing_image (store, self->certificate, NULL);
  GBytes                *ca = smartca_certificate_get_ca_der (self->certificate);
  GBytes                *root = smartca_certificate_get_root_der (self->certificate);

  job->input_path = g_strdup (self->input_path);
  job->output_path = g_strdup (self->output_path);
  job->page = self->page;
  job->has_rect = self->has_rect;
  job->rect = self->rect;
  job->invisible = self->invisible;
  job->business = smartca_certificate_get_is_business (self->certificate);
  job->reason = g_strdup (self->reason);
  job->location = g_strdup (self->location);
  job->signer_name = g_strdup (smartca_certificate_get_common_name (self->certificate));
  if (image != NULL)
    job->image_file = g_object_ref (smartca_signature_image_get_file (image));
  job->leaf_der = g_bytes_ref (smartca_certificate_get_der (self->certificate));
  job->ca_der = ca != NULL ? g_bytes_ref (ca) : NULL;
  job->root_der = root != NULL ? g_bytes_ref (root) : NULL;
  job->signing_time = g_get_real_time () / G_USEC_PER_SEC;
  return job;
}

/* GObject */

static void
smartca_sign_operation_dispose (GObject *object)
{
  SmartcaSignOperation *self = SMARTCA_SIGN_OPERATION (object);

  stop_countdown (self);
  g_clear_object (&self->context);
  g_clear_object (&self->certificate);
  g_clear_object (&self->history_entry);

  G_OBJECT_CLASS (smartca_sign_operation_parent_class)->dispose (object);
}

static void
smartca_sign_operation_finalize (GObject *object)
{
  SmartcaSignOperation *self = SMARTCA_SIGN_OPERATION (object);

  g_free (self->input_path);
  g_free (self->output_path);
  g_free (self->reason);
  g_free (self->location);
  if (self->otp != NULL)
    explicit_bzero (self->otp, strlen (self->otp));
  g_free (self->otp);
  g_free (self->progress_text);
  g_free (self->transaction_id);

  G_OBJECT_CLASS (smartca_sign_operation_parent_class)->finalize (object);
}

static void
smartca_sign_operation_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SmartcaSignOperation *self = SMARTCA_SIGN_OPERATION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DEADLINE:
      g_value_set_int64 (value, self->deadline);
      break;
    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, smartca_sign_operation_get_progress_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_sign_operation_class_init (SmartcaSignOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = smartca_sign_operation_dispose;
  object_class->finalize = smartca_sign_operation_finalize;
  object_class->get_property = smartca_sign_operation_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SMARTCA_TYPE_SIGN_STATE, SMARTCA_SIGN_STATE_READY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEADLINE] =
    g_param_spec_int64 ("deadline", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS_TEXT] =
    g_param_spec_string ("progress-text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_sign_operation_init (SmartcaSignOperation *self)
{
  self->page = -1;
  self->state = SMARTCA_SIGN_STATE_READY;
}

/* Public API */

SmartcaSignOperation *
smartca_sign_operation_new (SmartcaContext     *context,
                            SmartcaCertificate *certificate,
                            const char         *input_path)
{
  SmartcaSignOperation *self;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (input_path != NULL, NULL);

  self = g_object_new (SMARTCA_TYPE_SIGN_OPERATION, NULL);
  self->context = g_object_ref (context);
  self->certificate = g_object_ref (certificate);
  self->input_path = g_strdup (input_path);
  return self;
}

#define SET_STRING(field, value)                                                 \
  G_STMT_START                                                                   \
  {                                                                              \
    g_return_if_fail (SMARTCA_IS_SIGN_OPERATION (self));                         \
    g_return_if_fail (!self->started);                                           \
    g_free (self->field);                                                        \
    self->field = (value) != NULL && *(value) != '\0' ? g_strdup (value) : NULL; \
  }                                                                              \
  G_STMT_END

void
smartca_sign_operation_set_output_path (SmartcaSignOperation *self,
                                        const char           *output_path)
{
  SET_STRING (output_path, output_path);
}

void
smartca_sign_operation_set_page (SmartcaSignOperation *self,
                                 int                   page)
{
  g_return_if_fail (SMARTCA_IS_SIGN_OPERATION (self));
  g_return_if_fail (!self->started);
  self->page = page < 0 ? -1 : page;
}

void
smartca_sign_operation_set_rect (SmartcaSignOperation *self,
                                 const SmartcaPdfRect *rect)
{
  g_return_if_fail (SMARTCA_IS_SIGN_OPERATION (self));
  g_return_if_fail (!self->started);
  self->has_rect = rect != NULL;
  if (rect != NULL)
    self->rect = *rect;
}

void
smartca_sign_operation_set_invisible (SmartcaSignOperation *self,
                                      gboolean              invisible)
{
  g_return_if_fail (SMARTCA_IS_SIGN_OPERATION (self));
  g_return_if_fail (!self->started);
  self->invisible = !!invisible;
}

void
smartca_sign_operation_set_reason (SmartcaSignOperation *self,
                                   const char           *reason)
{
  SET_STRING (reason, reason);
}

void
smartca_sign_operation_set_location (SmartcaSignOperation *self,
                                     const char           *location)
{
  SET_STRING (location, location);
}

void
smartca_sign_operation_set_otp (SmartcaSignOperation *self,
                                const char           *otp)
{
  if (self != NULL && self->otp != NULL)
    explicit_bzero (self->otp, strlen (self->otp));
  SET_STRING (otp, otp);
}

void
smartca_sign_operation_default_rect_for (gboolean        business,
                                         double          width,
                                         double          height,
                                         SmartcaPdfRect *rect)
{
  double margin = MIN (DEFAULT_MARGIN, MIN (width, height) / 10);
  double scale = 1.0;

  scale = MIN (scale, (width - 2 * margin) / DEFAULT_WIDTH);
  scale = MIN (scale, (height - 2 * margin) / DEFAULT_HEIGHT);
  scale = MAX (scale, 0.0);
  rect->width = DEFAULT_WIDTH * scale;
  rect->height = DEFAULT_HEIGHT * scale;
  /* On a tiny page: not smaller than the signing accepts, where that fits */
  if (rect->width < SMARTCA_PDF_MIN_RECT_SIZE && width - 2 * margin >= SMARTCA_PDF_MIN_RECT_SIZE)
    rect->width = SMARTCA_PDF_MIN_RECT_SIZE;
  if (rect->height < SMARTCA_PDF_MIN_RECT_SIZE && height - 2 * margin >= SMARTCA_PDF_MIN_RECT_SIZE)
    rect->height = SMARTCA_PDF_MIN_RECT_SIZE;
  rect->x = width - margin - rect->width;
  rect->y = business ? height - margin - rect->height : margin;
}

void
smartca_sign_operation_default_rect (SmartcaCertificate *certificate,
                                     double              width,
                                     double              height,
                                     SmartcaPdfRect     *rect)
{
  g_return_if_fail (SMARTCA_IS_CERTIFICATE (certificate));
  g_return_if_fail (rect != NULL);

  smartca_sign_operation_default_rect_for (smartca_certificate_get_is_business (certificate), width,
                                           height, rect);
}

void
smartca_sign_operation_run_async (SmartcaSignOperation *self,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_autoptr(GTask)  task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char  *reason = NULL;
  SmartcaStore     *store;
  Run              *run;

  g_return_if_fail (SMARTCA_IS_SIGN_OPERATION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, smartca_sign_operation_run_async);
  /* Every failure, cancellation included, is returned by run_fail() */
  g_task_set_check_cancellable (task, FALSE);
  run = g_new0 (Run, 1);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  /* Before anything: no file is read, SmartCA is not called */
  if (!smartca_certificate_can_sign (self->certificate, &reason))
    {
      g_autofree char *name = smartca_format_isolate (
        smartca_certificate_get_display_name (self->certificate));

      run_fail (task,
                /* Translators: the first %s is the certificate's name, the
                 * second why it cannot sign ("expired on 07/03/2027") */
                g_error_new (SMARTCA_PERSONAL_ERROR, SMARTCA_PERSONAL_ERROR_NOT_ACTIVE,
                             _("The certificate %s cannot sign: %s. Choose another certificate."),
                             name, reason));
      return;
    }
  if (!smartca_context_check_store (self->context, &error) ||
      !smartca_store_load_der (store = smartca_context_get_store (self->context),
                               self->certificate, &error))
    {
      run_fail (task, g_steal_pointer (&error));
      return;
    }

  run->job = make_job (self, store);
  /* What the phone app shows. Not the file's name: nothing of the document
   * but its hash leaves the computer. Document text, in Vietnamese. */
  run->description = g_strdup ("Ký tài liệu PDF");
  set_state (self, SMARTCA_SIGN_STATE_PREPARING, NULL);
  smartca_context_prepare_client_async (self->context, cancellable, client_ready_cb,
                                        g_steal_pointer (&task));
}

char *
smartca_sign_operation_run_finish (SmartcaSignOperation *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

SmartcaSignState
smartca_sign_operation_get_state (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), SMARTCA_SIGN_STATE_READY);
  return self->state;
}

gint64
smartca_sign_operation_get_deadline (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), 0);
  return self->deadline;
}

const char *
smartca_sign_operation_get_progress_text (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), NULL);
  return self->progress_text != NULL ? self->progress_text : "";
}

const char *
smartca_sign_operation_get_transaction_id (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), NULL);
  return self->transaction_id;
}

const char *
smartca_sign_operation_get_input_path (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), NULL);
  return self->input_path;
}

const char *
smartca_sign_operation_get_output_path (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), NULL);
  return self->output_path;
}

/**
 * smartca_sign_operation_get_history_entry:
 *
 * Returns: (transfer none) (nullable): the entry this run left in the
 *   history when it ended, or %NULL before (its id is 0 when the store
 *   could not record it)
 */
SmartcaHistoryEntry *
smartca_sign_operation_get_history_entry (SmartcaSignOperation *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_OPERATION (self), NULL);
  return self->history_entry;
}
