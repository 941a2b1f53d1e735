// Rows copied verbatim from the emulator's responses (Prefer: odata.include-annotations="*").
import { DataverseRow } from '@dua/dataverse-client';

/** A plain note on a contact. */
export const NOTE_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329727\"",
  "subject": "Call notes",
  "notetext": "Call notes: discussed next steps and pricing.",
  "isdocument@OData.Community.Display.V1.FormattedValue": "No",
  "isdocument": false,
  "filename": null,
  "mimetype": null,
  "filesize": null,
  "_objectid_value@OData.Community.Display.V1.FormattedValue": "Siobhan Hernandez",
  "_objectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "objectid_contact",
  "_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact",
  "_objectid_value": "0290b0b5-fe22-481e-9728-9bfdc5102116",
  "objecttypecode@OData.Community.Display.V1.FormattedValue": "Contact",
  "objecttypecode": "contact",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Donald Patel",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "55005fe1-f428-4fbe-95b8-f04d99c6209c",
  "createdon@OData.Community.Display.V1.FormattedValue": "12/10/2025 4:56 AM",
  "createdon": "2025-12-10T04:56:25Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "12/24/2025 4:56 AM",
  "modifiedon": "2025-12-24T04:56:25Z",
  "annotationid": "02f3d7f8-2592-49d8-a4c2-c97adb67d39c"
};

/** A note on a lead with a text file attached. */
export const NOTE_WITH_ATTACHMENT_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329729\"",
  "subject": "Follow-up",
  "notetext": "Follow-up: discussed next steps and pricing.",
  "isdocument@OData.Community.Display.V1.FormattedValue": "Yes",
  "isdocument": true,
  "filename": "followup.txt",
  "mimetype": "text/plain",
  "filesize@OData.Community.Display.V1.FormattedValue": "45",
  "filesize": 45,
  "_objectid_value@OData.Community.Display.V1.FormattedValue": "Timothy Green",
  "_objectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "objectid_lead",
  "_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
  "_objectid_value": "88b2822b-a7cb-4159-a1b5-229f2bbcece2",
  "objecttypecode@OData.Community.Display.V1.FormattedValue": "Lead",
  "objecttypecode": "lead",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Maria Haddad",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "9fa20b07-d306-4031-b3f9-b533b9829d99",
  "createdon@OData.Community.Display.V1.FormattedValue": "12/16/2025 6:20 AM",
  "createdon": "2025-12-16T06:20:37Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "1/1/2026 12:00 AM",
  "modifiedon": "2026-01-01T00:00:00Z",
  "annotationid": "e253dfdf-0fc8-4e8e-9116-63118b09f828"
};

/** A note on a lead owned by a team. */
export const TEAM_NOTE_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329731\"",
  "subject": "Signed contract",
  "notetext": "Signed contract: discussed next steps and pricing.",
  "isdocument@OData.Community.Display.V1.FormattedValue": "No",
  "isdocument": false,
  "filename": null,
  "mimetype": null,
  "filesize": null,
  "_objectid_value@OData.Community.Display.V1.FormattedValue": "Jason Rivera",
  "_objectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "objectid_lead",
  "_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
  "_objectid_value": "5f20505f-a029-473b-b6e2-f5459f3a9a0e",
  "objecttypecode@OData.Community.Display.V1.FormattedValue": "Lead",
  "objecttypecode": "lead",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Sales West",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "team",
  "_ownerid_value": "4ab8e758-c74d-4017-b635-9e7d521a0164",
  "createdon@OData.Community.Display.V1.FormattedValue": "8/16/2025 5:47 PM",
  "createdon": "2025-08-16T17:47:57Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "9/1/2025 5:47 PM",
  "modifiedon": "2025-09-01T17:47:57Z",
  "annotationid": "afefcff5-4a0f-40ae-ae71-9ca866c5362f"
};
