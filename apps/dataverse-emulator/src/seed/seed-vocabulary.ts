/** Word lists for realistic seeded rows. */
export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Lisa', 'Daniel', 'Nancy',
  'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
  'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Dorothy', 'George', 'Melissa',
  'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Edward', 'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia',
  'Yvonne', 'Susanna', 'Nancy', 'Maria', 'Aiko', 'Mateo', 'Priya', 'Wei', 'Fatima', 'Lars', 'Chloé', 'Rafael', 'Ingrid',
  'Kwame', 'Olga', 'Hiroshi', 'Siobhan', 'Diego', 'Anika', 'Tomás',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', 'Roberts', 'McKay', 'Stubberod', "O'Bryan", 'Tanaka', 'Kowalski', 'Okafor', 'Lindqvist',
  'Fernández', 'Schmidt', 'Dubois', 'Rossi', 'Novak', 'Haddad', 'Patel', 'Chen', 'Kim', 'Müller', 'Silva',
];

export const COMPANY_PREFIXES = [
  'Contoso', 'Fabrikam', 'Adventure Works', 'Northwind', 'Litware', 'Tailspin', 'Wingtip', 'Woodgrove', 'Proseware',
  'Fourth Coffee', 'Alpine Ski', 'Blue Yonder', 'Coho', 'Consolidated Messenger', 'Datum', 'Graphic Design', 'Humongous',
  'Lucerne', 'Margie', 'Nod', 'Relecloud', 'Southridge', 'Trey Research', 'VanArsdel', 'Wide World', 'Bellows', 'Cronus',
  'Lamna', 'Liberty', 'Munson', 'Olympia', 'Parnell', 'Tasmanian', 'Vista', 'Woodland', 'Alpine', 'Contour', 'Fineline',
];

export const COMPANY_SUFFIXES = [
  'Ltd.', 'Inc.', 'Corporation', 'Group', 'Holdings', 'Partners', 'Systems', 'Traders', 'Logistics', 'Labs', 'Foods',
  'Pharmaceuticals', 'Bank', 'Insurance', 'Airlines', 'Winery', 'Toys', 'Electronics', 'Consulting', 'Studios',
];

export const JOB_TITLES = [
  'Purchasing Manager', 'Chief Executive Officer', 'Chief Financial Officer', 'Head of Procurement', 'IT Director',
  'Sales Manager', 'Operations Manager', 'Marketing Director', 'Office Manager', 'Account Executive', 'Buyer',
  'VP of Engineering', 'Facilities Manager', 'Business Analyst', 'Project Manager', 'Owner',
];

export const CITIES: Array<[city: string, state: string, postal: string, country: string, phonePrefix: string]> = [
  ['Seattle', 'WA', '98101', 'United States', '+1 206'],
  ['Redmond', 'WA', '98052', 'United States', '+1 425'],
  ['Portland', 'OR', '97201', 'United States', '+1 503'],
  ['San Francisco', 'CA', '94105', 'United States', '+1 415'],
  ['Austin', 'TX', '73301', 'United States', '+1 512'],
  ['Chicago', 'IL', '60601', 'United States', '+1 312'],
  ['New York', 'NY', '10001', 'United States', '+1 212'],
  ['Boston', 'MA', '02108', 'United States', '+1 617'],
  ['Toronto', 'ON', 'M5H 2N2', 'Canada', '+1 416'],
  ['London', 'Greater London', 'EC1A 1BB', 'United Kingdom', '+44 20'],
  ['Paris', 'Île-de-France', '75001', 'France', '+33 1'],
  ['Berlin', 'Berlin', '10115', 'Germany', '+49 30'],
  ['Amsterdam', 'North Holland', '1012', 'Netherlands', '+31 20'],
  ['Sydney', 'NSW', '2000', 'Australia', '+61 2'],
  ['Tokyo', 'Tokyo', '100-0001', 'Japan', '+81 3'],
];

export const STREETS = [
  'Main St', 'Oak Ave', 'Pine St', 'Maple Dr', 'Cedar Ln', 'Elm St', 'Lakeview Rd', 'Park Blvd', 'Hillcrest Ave',
  'Market St', 'Commerce Way', 'Harbor Dr', '1st Ave', 'Microsoft Way', 'Industrial Pkwy',
];

export const ACTIVITY_SUBJECTS: Record<string, string[]> = {
  phonecall: ['Follow-up call', 'Discovery call', 'Check in on renewal', 'Pricing questions', 'Call back about delivery'],
  email: ['Proposal attached', 'Meeting recap', 'Quote request', 'Welcome aboard', 'Invoice question', 'Product update'],
  task: ['Send contract', 'Prepare quote', 'Update CRM notes', 'Schedule demo', 'Review requirements'],
  appointment: ['Onsite demo', 'Quarterly business review', 'Kick-off meeting', 'Lunch with stakeholders', 'Contract signing'],
};

export const NOTE_SUBJECTS = ['Call notes', 'Meeting notes', 'Requirements', 'Signed contract', 'Pricing sheet', 'Follow-up'];

export const OPPORTUNITY_TOPICS = [
  'Annual licence renewal', 'New office fit-out', 'Fleet upgrade', 'Cloud migration', '500 units of product',
  'Support contract', 'Training package', 'Expansion to EMEA', 'Pilot project', 'Hardware refresh',
];
