// Rows copied verbatim from the emulator's responses (Prefer: odata.include-annotations="*"), except where marked.
import { DataverseRow } from '@dua/dataverse-client';

/** An inbound email regarding an account (sender: the account). */
export const EMAIL_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329689\"",
  "activitytypecode@OData.Community.Display.V1.FormattedValue": "Email",
  "activitytypecode": "email",
  "subject": "Quote request",
  "description": "<p>Hello,</p><p>Proposal attached.</p>",
  "scheduledstart@OData.Community.Display.V1.FormattedValue": "9/14/2025 4:32 AM",
  "scheduledstart": "2025-09-14T04:32:15Z",
  "scheduledend@OData.Community.Display.V1.FormattedValue": "9/14/2025 5:17 AM",
  "scheduledend": "2025-09-14T05:17:15Z",
  "actualstart@OData.Community.Display.V1.FormattedValue": "9/14/2025 4:32 AM",
  "actualstart": "2025-09-14T04:32:15Z",
  "actualend@OData.Community.Display.V1.FormattedValue": "9/14/2025 5:17 AM",
  "actualend": "2025-09-14T05:17:15Z",
  "actualdurationminutes@OData.Community.Display.V1.FormattedValue": "45",
  "actualdurationminutes": 45,
  "scheduleddurationminutes@OData.Community.Display.V1.FormattedValue": "45",
  "scheduleddurationminutes": 45,
  "prioritycode@OData.Community.Display.V1.FormattedValue": "Low",
  "prioritycode": 0,
  "_regardingobjectid_value@OData.Community.Display.V1.FormattedValue": "Parnell Foods",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "regardingobjectid_account",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
  "_regardingobjectid_value": "e5765930-3e13-4623-93ee-8c0892af9416",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Timothy Brown",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "f9f29d9a-ef4f-496f-aec7-9daae33ba158",
  "statecode@OData.Community.Display.V1.FormattedValue": "Completed",
  "statecode": 1,
  "statuscode@OData.Community.Display.V1.FormattedValue": "Sent",
  "statuscode": 3,
  "createdon@OData.Community.Display.V1.FormattedValue": "4/25/2024 9:17 PM",
  "createdon": "2024-04-25T21:17:34Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "6/4/2024 9:17 PM",
  "modifiedon": "2024-06-04T21:17:34Z",
  "activityid": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36"
};

export const EMAIL_PARTIES: DataverseRow[] = [
  {
    "@odata.etag": "W/\"1329709\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Quote request",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_email",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "email",
    "_activityid_value": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Parnell Foods",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_account",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
    "_partyid_value": "e5765930-3e13-4623-93ee-8c0892af9416",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Sender",
    "participationtypemask": 1,
    "addressused": null,
    "activitypartyid": "24832b7c-78bc-4da5-ac08-6dc4c14a1f0e"
  },
  {
    "@odata.etag": "W/\"1329710\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Quote request",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_email",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "email",
    "_activityid_value": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Timothy Brown",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_systemuser",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
    "_partyid_value": "f9f29d9a-ef4f-496f-aec7-9daae33ba158",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "To Recipient",
    "participationtypemask": 2,
    "addressused": null,
    "activitypartyid": "e79d56c0-2494-4c14-9cf7-b162f56e85c8"
  }
];

/** A completed outgoing call regarding a lead. */
export const PHONECALL_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329684\"",
  "activitytypecode@OData.Community.Display.V1.FormattedValue": "Phone Call",
  "activitytypecode": "phonecall",
  "subject": "Discovery call",
  "description": null,
  "scheduledstart@OData.Community.Display.V1.FormattedValue": "5/13/2025 8:45 AM",
  "scheduledstart": "2025-05-13T08:45:58Z",
  "scheduledend@OData.Community.Display.V1.FormattedValue": "5/13/2025 9:15 AM",
  "scheduledend": "2025-05-13T09:15:58Z",
  "actualstart@OData.Community.Display.V1.FormattedValue": "5/13/2025 8:45 AM",
  "actualstart": "2025-05-13T08:45:58Z",
  "actualend@OData.Community.Display.V1.FormattedValue": "5/13/2025 9:15 AM",
  "actualend": "2025-05-13T09:15:58Z",
  "actualdurationminutes@OData.Community.Display.V1.FormattedValue": "30",
  "actualdurationminutes": 30,
  "scheduleddurationminutes@OData.Community.Display.V1.FormattedValue": "30",
  "scheduleddurationminutes": 30,
  "prioritycode@OData.Community.Display.V1.FormattedValue": "Normal",
  "prioritycode": 1,
  "_regardingobjectid_value@OData.Community.Display.V1.FormattedValue": "Anthony Carter",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "regardingobjectid_lead",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
  "_regardingobjectid_value": "6a2dfe5a-90a5-42db-bce1-fdfe8704c047",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Charles Silva",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "60e58513-e0d1-470d-afe7-2e0620d4ba2a",
  "statecode@OData.Community.Display.V1.FormattedValue": "Completed",
  "statecode": 1,
  "statuscode@OData.Community.Display.V1.FormattedValue": "Made",
  "statuscode": 2,
  "createdon@OData.Community.Display.V1.FormattedValue": "6/17/2024 1:12 AM",
  "createdon": "2024-06-17T01:12:50Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "7/6/2024 1:12 AM",
  "modifiedon": "2024-07-06T01:12:50Z",
  "activityid": "107e50ae-5951-4109-ae40-d853b05c2e44"
};

export const PHONECALL_PARTIES: DataverseRow[] = [
  {
    "@odata.etag": "W/\"1329696\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Discovery call",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_phonecall",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "phonecall",
    "_activityid_value": "107e50ae-5951-4109-ae40-d853b05c2e44",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Charles Silva",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_systemuser",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
    "_partyid_value": "60e58513-e0d1-470d-afe7-2e0620d4ba2a",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Sender",
    "participationtypemask": 1,
    "addressused": null,
    "activitypartyid": "4fdca972-a243-4ff8-a6c6-7d8220a4b16e"
  },
  {
    "@odata.etag": "W/\"1329697\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Discovery call",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_phonecall",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "phonecall",
    "_activityid_value": "107e50ae-5951-4109-ae40-d853b05c2e44",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Anthony Carter",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_lead",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
    "_partyid_value": "6a2dfe5a-90a5-42db-bce1-fdfe8704c047",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "To Recipient",
    "participationtypemask": 2,
    "addressused": null,
    "activitypartyid": "71451a4f-7689-4bc2-8bb5-197106b45d97"
  }
];

/** An open appointment regarding a contact. */
export const APPOINTMENT_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329695\"",
  "activitytypecode@OData.Community.Display.V1.FormattedValue": "Appointment",
  "activitytypecode": "appointment",
  "subject": "Contract signing",
  "description": null,
  "scheduledstart@OData.Community.Display.V1.FormattedValue": "8/22/2025 8:43 AM",
  "scheduledstart": "2025-08-22T08:43:26Z",
  "scheduledend@OData.Community.Display.V1.FormattedValue": "8/22/2025 9:43 AM",
  "scheduledend": "2025-08-22T09:43:26Z",
  "actualstart": null,
  "actualend": null,
  "actualdurationminutes": null,
  "scheduleddurationminutes@OData.Community.Display.V1.FormattedValue": "60",
  "scheduleddurationminutes": 60,
  "prioritycode@OData.Community.Display.V1.FormattedValue": "High",
  "prioritycode": 2,
  "_regardingobjectid_value@OData.Community.Display.V1.FormattedValue": "Patricia Roberts",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "regardingobjectid_contact",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact",
  "_regardingobjectid_value": "05ee9ad7-99be-439a-a91f-d25491139e49",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Ingrid Green",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "954176f6-8263-43c4-8de6-cfa1255cb04c",
  "statecode@OData.Community.Display.V1.FormattedValue": "Open",
  "statecode": 0,
  "statuscode@OData.Community.Display.V1.FormattedValue": "Free",
  "statuscode": 1,
  "createdon@OData.Community.Display.V1.FormattedValue": "9/4/2025 6:02 PM",
  "createdon": "2025-09-04T18:02:33Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "10/22/2025 6:02 PM",
  "modifiedon": "2025-10-22T18:02:33Z",
  "activityid": "8d85c6df-4bc5-4cd7-a419-258e63e62033"
};

/** Organizer, a required attendee and the regarding party (mask 8, not a participant). */
export const APPOINTMENT_PARTIES: DataverseRow[] = [
  {
    "@odata.etag": "W/\"1329722\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Contract signing",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_appointment",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "appointment",
    "_activityid_value": "8d85c6df-4bc5-4cd7-a419-258e63e62033",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Patricia Roberts",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_contact",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact",
    "_partyid_value": "05ee9ad7-99be-439a-a91f-d25491139e49",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Required attendee",
    "participationtypemask": 5,
    "addressused": null,
    "activitypartyid": "7dfe5f66-14a2-437c-8249-00aa1e008c67"
  },
  {
    "@odata.etag": "W/\"1329721\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Contract signing",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_appointment",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "appointment",
    "_activityid_value": "8d85c6df-4bc5-4cd7-a419-258e63e62033",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Ingrid Green",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_systemuser",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
    "_partyid_value": "954176f6-8263-43c4-8de6-cfa1255cb04c",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Organizer",
    "participationtypemask": 7,
    "addressused": null,
    "activitypartyid": "ae36fbcd-b92e-4d9e-834b-6a161e390232"
  },
  {
    "@odata.etag": "W/\"1329723\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Contract signing",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_appointment",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "appointment",
    "_activityid_value": "8d85c6df-4bc5-4cd7-a419-258e63e62033",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Patricia Roberts",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_contact",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact",
    "_partyid_value": "05ee9ad7-99be-439a-a91f-d25491139e49",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Regarding",
    "participationtypemask": 8,
    "addressused": null,
    "activitypartyid": "c44bd7ab-7d95-4864-90df-9e7f3486c0fd"
  }
];

/** A completed appointment regarding nothing. */
export const APPOINTMENT_WITHOUT_REGARDING_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329691\"",
  "activitytypecode@OData.Community.Display.V1.FormattedValue": "Appointment",
  "activitytypecode": "appointment",
  "subject": "Onsite demo",
  "description": null,
  "scheduledstart@OData.Community.Display.V1.FormattedValue": "8/8/2025 10:49 PM",
  "scheduledstart": "2025-08-08T22:49:21Z",
  "scheduledend@OData.Community.Display.V1.FormattedValue": "8/8/2025 11:34 PM",
  "scheduledend": "2025-08-08T23:34:21Z",
  "actualstart@OData.Community.Display.V1.FormattedValue": "8/8/2025 10:49 PM",
  "actualstart": "2025-08-08T22:49:21Z",
  "actualend@OData.Community.Display.V1.FormattedValue": "8/8/2025 11:34 PM",
  "actualend": "2025-08-08T23:34:21Z",
  "actualdurationminutes@OData.Community.Display.V1.FormattedValue": "45",
  "actualdurationminutes": 45,
  "scheduleddurationminutes@OData.Community.Display.V1.FormattedValue": "45",
  "scheduleddurationminutes": 45,
  "prioritycode@OData.Community.Display.V1.FormattedValue": "Normal",
  "prioritycode": 1,
  "_regardingobjectid_value": null,
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Aiko Silva",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "8cc6bbaa-ea99-4339-8302-4fd8275640c5",
  "statecode@OData.Community.Display.V1.FormattedValue": "Completed",
  "statecode": 1,
  "statuscode@OData.Community.Display.V1.FormattedValue": "Completed",
  "statuscode": 3,
  "createdon@OData.Community.Display.V1.FormattedValue": "1/25/2024 12:31 AM",
  "createdon": "2024-01-25T00:31:00Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "3/11/2024 12:31 AM",
  "modifiedon": "2024-03-11T00:31:00Z",
  "activityid": "acf80562-26d9-4f5a-8f65-a648df623821"
};

/** An open task regarding an account, owned by a team. */
export const TASK_ROW: DataverseRow = {
  "@odata.etag": "W/\"1329686\"",
  "activitytypecode@OData.Community.Display.V1.FormattedValue": "Task",
  "activitytypecode": "task",
  "subject": "Send contract",
  "description": null,
  "scheduledstart@OData.Community.Display.V1.FormattedValue": "6/9/2025 8:32 AM",
  "scheduledstart": "2025-06-09T08:32:40Z",
  "scheduledend@OData.Community.Display.V1.FormattedValue": "6/9/2025 10:02 AM",
  "scheduledend": "2025-06-09T10:02:40Z",
  "actualstart": null,
  "actualend": null,
  "actualdurationminutes": null,
  "scheduleddurationminutes@OData.Community.Display.V1.FormattedValue": "90",
  "scheduleddurationminutes": 90,
  "prioritycode@OData.Community.Display.V1.FormattedValue": "Low",
  "prioritycode": 0,
  "_regardingobjectid_value@OData.Community.Display.V1.FormattedValue": "Parnell Foods",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "regardingobjectid_account",
  "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
  "_regardingobjectid_value": "e5765930-3e13-4623-93ee-8c0892af9416",
  "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Deborah Tanaka",
  "_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "ownerid",
  "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
  "_ownerid_value": "5d957006-2b1b-4d37-9194-f7f7835c1ac2",
  "statecode@OData.Community.Display.V1.FormattedValue": "Open",
  "statecode": 0,
  "statuscode@OData.Community.Display.V1.FormattedValue": "Not Started",
  "statuscode": 2,
  "createdon@OData.Community.Display.V1.FormattedValue": "8/27/2024 3:45 AM",
  "createdon": "2024-08-27T03:45:23Z",
  "modifiedon@OData.Community.Display.V1.FormattedValue": "9/25/2024 3:45 AM",
  "modifiedon": "2024-09-25T03:45:23Z",
  "activityid": "c033b776-2bbb-4b37-883d-c1e4d587db9c"
};

/** Another call's parties: regarding (8), sender (1) and recipient (2), in Dataverse's order. */
export const OTHER_CALL_PARTIES: DataverseRow[] = [
  {
    "@odata.etag": "W/\"1329708\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Follow-up call",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_phonecall",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "phonecall",
    "_activityid_value": "85eaafe1-1357-44b3-a144-f83f7dd54eb7",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Anthony Carter",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_lead",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
    "_partyid_value": "6a2dfe5a-90a5-42db-bce1-fdfe8704c047",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Regarding",
    "participationtypemask": 8,
    "addressused": null,
    "activitypartyid": "808003cf-c822-4ffd-a085-7c529aace2bb"
  },
  {
    "@odata.etag": "W/\"1329706\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Follow-up call",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_phonecall",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "phonecall",
    "_activityid_value": "85eaafe1-1357-44b3-a144-f83f7dd54eb7",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Anthony Carter",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_lead",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
    "_partyid_value": "6a2dfe5a-90a5-42db-bce1-fdfe8704c047",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Sender",
    "participationtypemask": 1,
    "addressused": null,
    "activitypartyid": "882890c2-01ae-4c97-b28f-e34ea198c634"
  },
  {
    "@odata.etag": "W/\"1329707\"",
    "_activityid_value@OData.Community.Display.V1.FormattedValue": "Follow-up call",
    "_activityid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "activityid_phonecall",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "phonecall",
    "_activityid_value": "85eaafe1-1357-44b3-a144-f83f7dd54eb7",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Maria Haddad",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_systemuser",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
    "_partyid_value": "9fa20b07-d306-4031-b3f9-b533b9829d99",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "To Recipient",
    "participationtypemask": 2,
    "addressused": null,
    "activitypartyid": "fb559ade-720a-4a0b-bf44-c7e705568d1e"
  }
];

/** `phonecalls?$select=activityid,phonenumber,directioncode` for PHONECALL_ROW. */
export const PHONECALL_DETAILS: DataverseRow = {
  "@odata.etag": "W/\"1329684\"",
  "phonenumber": "+1 206 555 9874",
  "directioncode@OData.Community.Display.V1.FormattedValue": "Outgoing",
  "directioncode": true,
  "activityid": "107e50ae-5951-4109-ae40-d853b05c2e44"
};

/** `emails?$select=activityid,directioncode` for EMAIL_ROW (the seed made it incoming). */
export const EMAIL_DETAILS: DataverseRow = {
  "@odata.etag": "W/\"1329689\"",
  "directioncode@OData.Community.Display.V1.FormattedValue": "Incoming",
  "directioncode": false,
  "activityid": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36"
};

/** `appointments?$select=activityid,location` for APPOINTMENT_ROW. */
export const APPOINTMENT_DETAILS: DataverseRow = {
  "@odata.etag": "W/\"1329695\"",
  "location": "London",
  "activityid": "8d85c6df-4bc5-4cd7-a419-258e63e62033"
};

/**
 * Hand-written in the emulator's shape (its seed has none of these): an email's CC and BCC, a required and an optional
 * attendee, an address Dataverse could not resolve (no `_partyid_value`), a queue with an address, and an owner (9).
 */
export const MORE_PARTIES: DataverseRow[] = [
  {
    "@odata.etag": "W/\"1329800\"",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "email",
    "_activityid_value": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Sophie Martin",
    "_partyid_value@Microsoft.Dynamics.CRM.associatednavigationproperty": "partyid_contact",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact",
    "_partyid_value": "05ee9ad7-99be-439a-a91f-d25491139e49",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "CC Recipient",
    "participationtypemask": 3,
    "addressused": "sophie.martin@example.com",
    "activitypartyid": "a1000000-0000-4000-8000-000000000001"
  },
  {
    "@odata.etag": "W/\"1329801\"",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "email",
    "_activityid_value": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36",
    "_partyid_value": null,
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "BCC Recipient",
    "participationtypemask": 4,
    "addressused": "archive@example.com",
    "activitypartyid": "a1000000-0000-4000-8000-000000000002"
  },
  {
    "@odata.etag": "W/\"1329802\"",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "email",
    "_activityid_value": "0dfd4ffc-276f-4127-9bbe-e2faf6e9af36",
    "_partyid_value@OData.Community.Display.V1.FormattedValue": "Support",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "queue",
    "_partyid_value": "a2000000-0000-4000-8000-000000000001",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "To Recipient",
    "participationtypemask": 2,
    "addressused": "support@contoso.example",
    "activitypartyid": "a1000000-0000-4000-8000-000000000003"
  },
  {
    "@odata.etag": "W/\"1329803\"",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "appointment",
    "_activityid_value": "8d85c6df-4bc5-4cd7-a419-258e63e62033",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
    "_partyid_value": "6a2dfe5a-90a5-42db-bce1-fdfe8704c047",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Optional attendee",
    "participationtypemask": 6,
    "addressused": null,
    "activitypartyid": "a1000000-0000-4000-8000-000000000004"
  },
  {
    "@odata.etag": "W/\"1329804\"",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "appointment",
    "_activityid_value": "8d85c6df-4bc5-4cd7-a419-258e63e62033",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
    "_partyid_value": "60e58513-e0d1-470d-afe7-2e0620d4ba2a",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Owner",
    "participationtypemask": 9,
    "addressused": null,
    "activitypartyid": "a1000000-0000-4000-8000-000000000005"
  },
  {
    "@odata.etag": "W/\"1329805\"",
    "_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "appointment",
    "_activityid_value": "8d85c6df-4bc5-4cd7-a419-258e63e62033",
    "_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "queue",
    "_partyid_value": "a2000000-0000-4000-8000-000000000002",
    "participationtypemask@OData.Community.Display.V1.FormattedValue": "Required attendee",
    "participationtypemask": 5,
    "addressused": null,
    "activitypartyid": "a1000000-0000-4000-8000-000000000006"
  }
];
