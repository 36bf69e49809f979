package dev.ciofake.internal.app.common;

/** The kinds of documents the App API keeps in a workspace's definitions (sections of a workspace file). */
public final class Kinds {
  public static final String SEGMENTS = dev.ciofake.internal.state.Definitions.SEGMENTS;
  public static final String CAMPAIGNS = "campaigns";
  public static final String BROADCASTS = "broadcasts";
  public static final String NEWSLETTERS = "newsletters";
  public static final String TRANSACTIONAL = "transactional";
  public static final String SENDER_IDENTITIES = "sender_identities";
  public static final String SUBSCRIPTION_TOPICS = "subscription_topics";
  public static final String SUBSCRIPTION_CHANNELS = "subscription_channels";
  public static final String OBJECT_TYPES = "object_types";
  public static final String SNIPPETS = "snippets";
  public static final String COLLECTIONS = "collections";
  public static final String DS_FOLDERS = "design_studio_folders";
  public static final String DS_EMAILS = "design_studio_emails";
  public static final String DS_COMPONENTS = "design_studio_components";
  public static final String ASSETS = "assets";
  public static final String ASSET_FOLDERS = "asset_folders";
  public static final String IMPORTS = "imports";
  public static final String DATA_INDEX_ATTRIBUTES = "data_index_attributes";
  public static final String DATA_INDEX_EVENTS = "data_index_events";
  /** Ids handed out to the parts of documents: actions, contents (message variants), test groups. */
  public static final String ACTION_IDS = "actions";
  public static final String CONTENT_IDS = "contents";
  public static final String TEST_GROUP_IDS = "test_groups";

  private Kinds() {}
}
