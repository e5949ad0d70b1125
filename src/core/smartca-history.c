/* smartca-history.c: one entry of the signing history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of signing_history as the app shows it. Everything but the id is
 * fixed when the entry is made; the store sets the id when it writes the
 * row. Paths and names only: never a byte of the document.
 */

#include "config.h"

#include "smartca-history.h"
#include "smartca-core-enums.h"
#include "smartca-history-private.h"

#include <glib/gi18n-lib.h>

struct _SmartcaHistoryEntry
{
  GObject parent_instance;

  gint64                id;
  gint64                signed_at;
  char                 *input_path;
  char                 *output_path;
  char                 *output_sha256;
  char                 *serial_number;
  char                 *certificate_name;
  char                 *transaction_id;
  SmartcaHistoryOutcome outcome;
  char                 *message;
};

enum
{
  PROP_0,
  PROP_ID,
  PROP_SIGNED_AT,
  PROP_INPUT_PATH,
  PROP_OUTPUT_PATH,
  PROP_OUTPUT_SHA256,
  PROP_SERIAL_NUMBER,
  PROP_CERTIFICATE_NAME,
  PROP_TRANSACTION_ID,
  PROP_OUTCOME,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmartcaHistoryEntry, smartca_history_entry, G_TYPE_OBJECT)

static const char *const outcome_keys[] = {
  [SMARTCA_HISTORY_SIGNED] = "signed",
  [SMARTCA_HISTORY_CANCELLED] = "cancelled",
  [SMARTCA_HISTORY_REJECTED] = "rejected",
  [SMARTCA_HISTORY_EXPIRED] = "expired",
  [SMARTCA_HISTORY_FAILED] = "failed",
};

static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
smartca_history_entry_finalize (GObject *object)
{
  SmartcaHistoryEntry *self = (SmartcaHistoryEntry *) object;

  g_free (self->input_path);
  g_free (self->output_path);
  g_free (self->output_sha256);
  g_free (self->serial_number);
  g_free (self->certificate_name);
  g_free (self->transaction_id);
  g_free (self->message);

  G_OBJECT_CLASS (smartca_history_entry_parent_class)->finalize (object);
}

static void
smartca_history_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SmartcaHistoryEntry *self = SMARTCA_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SIGNED_AT:
      g_value_set_int64 (value, self->signed_at);
      break;
    case PROP_INPUT_PATH:
      g_value_set_string (value, self->input_path);
      break;
    case PROP_OUTPUT_PATH:
      g_value_set_string (value, self->output_path);
      break;
    case PROP_OUTPUT_SHA256:
      g_value_set_string (value, self->output_sha256);
      break;
    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;
    case PROP_CERTIFICATE_NAME:
      g_value_set_string (value, self->certificate_name);
      break;
    case PROP_TRANSACTION_ID:
      g_value_set_string (value, self->transaction_id);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
smartca_history_entry_class_init (SmartcaHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = smartca_history_entry_finalize;
  object_class->get_property = smartca_history_entry_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SIGNED_AT] =
    g_param_spec_int64 ("signed-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_INPUT_PATH] = g_param_spec_string ("input-path", NULL, NULL, NULL, flags);
  properties[PROP_OUTPUT_PATH] = g_param_spec_string ("output-path", NULL, NULL, NULL, flags);
  properties[PROP_OUTPUT_SHA256] = g_param_spec_string ("output-sha256", NULL, NULL, NULL, flags);
  properties[PROP_SERIAL_NUMBER] = g_param_spec_string ("serial-number", NULL, NULL, NULL, flags);
  properties[PROP_CERTIFICATE_NAME] =
    g_param_spec_string ("certificate-name", NULL, NULL, NULL, flags);
  properties[PROP_TRANSACTION_ID] =
    g_param_spec_string ("transaction-id", NULL, NULL, NULL, flags);
  properties[PROP_OUTCOME] = g_param_spec_enum ("outcome", NULL, NULL,
                                                SMARTCA_TYPE_HISTORY_OUTCOME,
                                                SMARTCA_HISTORY_FAILED, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
smartca_history_entry_init (SmartcaHistoryEntry *self)
{
  self->outcome = SMARTCA_HISTORY_FAILED;
}

/* Private API */

void
smartca_history_entry_set_id (SmartcaHistoryEntry *self,
                              gint64               id)
{
  g_return_if_fail (SMARTCA_IS_HISTORY_ENTRY (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
smartca_history_outcome_to_key (SmartcaHistoryOutcome outcome)
{
  if ((guint) outcome >= G_N_ELEMENTS (outcome_keys))
    outcome = SMARTCA_HISTORY_FAILED;
  return outcome_keys[outcome];
}

SmartcaHistoryOutcome
smartca_history_outcome_from_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_keys); i++)
    if (g_strcmp0 (outcome_keys[i], key) == 0)
      return (SmartcaHistoryOutcome) i;
  return SMARTCA_HISTORY_FAILED;
}

/* Public API */

/**
 * smartca_history_entry_new:
 * @output_path: (nullable): ignored unless @outcome is SIGNED
 * @output_sha256: (nullable): ignored unless @outcome is SIGNED
 *
 * Returns: (transfer full): a new entry, not yet stored (id 0)
 */
SmartcaHistoryEntry *
smartca_history_entry_new (gint64                signed_at,
                           const char           *input_path,
                           const char           *output_path,
                           const char           *output_sha256,
                           const char           *serial_number,
                           const char           *certificate_name,
                           const char           *transaction_id,
                           SmartcaHistoryOutcome outcome,
                           const char           *message)
{
  SmartcaHistoryEntry *self;

  g_return_val_if_fail (input_path != NULL, NULL);
  g_return_val_if_fail (serial_number != NULL, NULL);

  self = g_object_new (SMARTCA_TYPE_HISTORY_ENTRY, NULL);
  self->signed_at = signed_at;
  self->input_path = g_strdup (input_path);
  self->outcome = (guint) outcome < G_N_ELEMENTS (outcome_keys) ? outcome : SMARTCA_HISTORY_FAILED;
  if (self->outcome == SMARTCA_HISTORY_SIGNED)
    {
      self->output_path = dup_nonempty (output_path);
      self->output_sha256 = output_sha256 != NULL ? g_ascii_strdown (output_sha256, -1) : NULL;
    }
  self->serial_number = g_ascii_strdown (serial_number, -1);
  self->certificate_name = dup_nonempty (certificate_name);
  self->transaction_id = dup_nonempty (transaction_id);
  self->message = dup_nonempty (message);
  return self;
}

gint64
smartca_history_entry_get_id (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), 0);
  return self->id;
}

gint64
smartca_history_entry_get_signed_at (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), 0);
  return self->signed_at;
}

const char *
smartca_history_entry_get_input_path (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->input_path;
}

const char *
smartca_history_entry_get_output_path (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->output_path;
}

const char *
smartca_history_entry_get_output_sha256 (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->output_sha256;
}

const char *
smartca_history_entry_get_serial_number (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->serial_number;
}

const char *
smartca_history_entry_get_certificate_name (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->certificate_name;
}

const char *
smartca_history_entry_get_transaction_id (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->transaction_id;
}

SmartcaHistoryOutcome
smartca_history_entry_get_outcome (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), SMARTCA_HISTORY_FAILED);
  return self->outcome;
}

const char *
smartca_history_entry_get_message (SmartcaHistoryEntry *self)
{
  g_return_val_if_fail (SMARTCA_IS_HISTORY_ENTRY (self), NULL);
  return self->message;
}

/**
 * smartca_history_outcome_to_string:
 *
 * Returns: (transfer none): the outcome in words for the user, translated
 */
const char *
smartca_history_outcome_to_string (SmartcaHistoryOutcome outcome)
{
  switch (outcome)
    {
    case SMARTCA_HISTORY_SIGNED:
      /* Translators: the outcome of a signing, in the history */
      return _("Signed");
    case SMARTCA_HISTORY_CANCELLED:
      /* Translators: the outcome of a signing, in the history */
      return _("Cancelled");
    case SMARTCA_HISTORY_REJECTED:
      /* Translators: the outcome of a signing, in the history: the user
       * refused it in the VNPT SmartCA app */
      return _("Refused on the phone");
    case SMARTCA_HISTORY_EXPIRED:
      /* Translators: the outcome of a signing, in the history: the phone
       * did not confirm before the deadline */
      return _("Not confirmed in time");
    case SMARTCA_HISTORY_FAILED:
    default:
      /* Translators: the outcome of a signing, in the history */
      return _("Failed");
    }
}
