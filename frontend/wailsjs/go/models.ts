export namespace app {
	
	export class StepView {
	    code: string;
	    from: string;
	    deadline: string;
	    status: string;
	    event: boolean;
	    done: string;
	    doneBy: string;
	
	    static createFrom(source: any = {}) {
	        return new StepView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.from = source["from"];
	        this.deadline = source["deadline"];
	        this.status = source["status"];
	        this.event = source["event"];
	        this.done = source["done"];
	        this.doneBy = source["doneBy"];
	    }
	}
	export class AbsenceView {
	    firstSickDay: string;
	    week: number;
	    nextMilestone: string;
	    milestoneWeek: number;
	    percentage: number;
	    report: Record<string, any>;
	    steps: StepView[];
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new AbsenceView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstSickDay = source["firstSickDay"];
	        this.week = source["week"];
	        this.nextMilestone = source["nextMilestone"];
	        this.milestoneWeek = source["milestoneWeek"];
	        this.percentage = source["percentage"];
	        this.report = source["report"];
	        this.steps = this.convertValues(source["steps"], StepView);
	        this.status = source["status"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AccessRequestFiled {
	    fingerprint: string;
	
	    static createFrom(source: any = {}) {
	        return new AccessRequestFiled(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fingerprint = source["fingerprint"];
	    }
	}
	export class AccessRequestForm {
	    name: string;
	    email: string;
	    passphrase: string;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new AccessRequestForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.passphrase = source["passphrase"];
	        this.role = source["role"];
	    }
	}
	export class AccessRequestInfo {
	    id: string;
	    name: string;
	    email: string;
	    role: string;
	    fingerprint: string;
	    created: string;
	
	    static createFrom(source: any = {}) {
	        return new AccessRequestInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.fingerprint = source["fingerprint"];
	        this.created = source["created"];
	    }
	}
	export class SignatoryView {
	    name: string;
	    function: string;
	    basis: string;
	    coSignatory: string;
	    powerLimits: string;
	    kvk: string;
	    extractDate: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new SignatoryView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.function = source["function"];
	        this.basis = source["basis"];
	        this.coSignatory = source["coSignatory"];
	        this.powerLimits = source["powerLimits"];
	        this.kvk = source["kvk"];
	        this.extractDate = source["extractDate"];
	        this.email = source["email"];
	    }
	}
	export class AgreementChange {
	    version: number;
	    at: string;
	    by: string;
	    signatory: SignatoryView;
	
	    static createFrom(source: any = {}) {
	        return new AgreementChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.at = source["at"];
	        this.by = source["by"];
	        this.signatory = this.convertValues(source["signatory"], SignatoryView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AgreementConfirmation {
	    at: string;
	    by: string;
	    via: string;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new AgreementConfirmation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.by = source["by"];
	        this.via = source["via"];
	        this.version = source["version"];
	    }
	}
	export class AgreementView {
	    employerId: string;
	    employerName: string;
	    employerKvk: string;
	    current?: SignatoryView;
	    history: AgreementChange[];
	    sent: AgreementConfirmation[];
	    confirmed: boolean;
	    mailConfigured: boolean;
	    mailUser: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AgreementView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.employerId = source["employerId"];
	        this.employerName = source["employerName"];
	        this.employerKvk = source["employerKvk"];
	        this.current = this.convertValues(source["current"], SignatoryView);
	        this.history = this.convertValues(source["history"], AgreementChange);
	        this.sent = this.convertValues(source["sent"], AgreementConfirmation);
	        this.confirmed = source["confirmed"];
	        this.mailConfigured = source["mailConfigured"];
	        this.mailUser = source["mailUser"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AttentionRequest {
	    name: string;
	    requested: string;
	
	    static createFrom(source: any = {}) {
	        return new AttentionRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.requested = source["requested"];
	    }
	}
	export class AttentionAbsence {
	    employeeId: string;
	    label: string;
	    persnr: string;
	    departmentPath: string;
	    firstSickDay: string;
	    week: number;
	    nextMilestone: string;
	    milestoneWeek: number;
	    status: string;
	    poortwachter: string;
	    nextStep: string;
	    nextDeadline: string;
	    nextStatus: string;
	    lateSteps: number;
	
	    static createFrom(source: any = {}) {
	        return new AttentionAbsence(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.employeeId = source["employeeId"];
	        this.label = source["label"];
	        this.persnr = source["persnr"];
	        this.departmentPath = source["departmentPath"];
	        this.firstSickDay = source["firstSickDay"];
	        this.week = source["week"];
	        this.nextMilestone = source["nextMilestone"];
	        this.milestoneWeek = source["milestoneWeek"];
	        this.status = source["status"];
	        this.poortwachter = source["poortwachter"];
	        this.nextStep = source["nextStep"];
	        this.nextDeadline = source["nextDeadline"];
	        this.nextStatus = source["nextStatus"];
	        this.lateSteps = source["lateSteps"];
	    }
	}
	export class Attention {
	    openAbsences: AttentionAbsence[];
	    pendingSync: number;
	    accessRequests: number;
	    requests: AttentionRequest[];
	    retentionDue: number;
	
	    static createFrom(source: any = {}) {
	        return new Attention(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.openAbsences = this.convertValues(source["openAbsences"], AttentionAbsence);
	        this.pendingSync = source["pendingSync"];
	        this.accessRequests = source["accessRequests"];
	        this.requests = this.convertValues(source["requests"], AttentionRequest);
	        this.retentionDue = source["retentionDue"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class BackupFile {
	    path: string;
	    vaultId: string;
	    created: string;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new BackupFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.vaultId = source["vaultId"];
	        this.created = source["created"];
	        this.bytes = source["bytes"];
	    }
	}
	export class BackupMade {
	    path: string;
	    bytes: number;
	    records: number;
	    created: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupMade(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.bytes = source["bytes"];
	        this.records = source["records"];
	        this.created = source["created"];
	    }
	}
	export class BackupStatus {
	    lastAt: string;
	    lastBytes: number;
	    restored: boolean;
	    due: boolean;
	    canBackup: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackupStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lastAt = source["lastAt"];
	        this.lastBytes = source["lastBytes"];
	        this.restored = source["restored"];
	        this.due = source["due"];
	        this.canBackup = source["canBackup"];
	    }
	}
	export class DepartmentInfo {
	    id: string;
	    employer: string;
	    parent: string;
	    name: string;
	    code: string;
	    path: string;
	    depth: number;
	    employees: number;
	
	    static createFrom(source: any = {}) {
	        return new DepartmentInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.employer = source["employer"];
	        this.parent = source["parent"];
	        this.name = source["name"];
	        this.code = source["code"];
	        this.path = source["path"];
	        this.depth = source["depth"];
	        this.employees = source["employees"];
	    }
	}
	export class DepartmentRef {
	    id: string;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new DepartmentRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.path = source["path"];
	    }
	}
	export class HistoryLine {
	    kind: string;
	    at: string;
	    by: string;
	    careQuestion: string;
	    explanation: string;
	    until: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.at = source["at"];
	        this.by = source["by"];
	        this.careQuestion = source["careQuestion"];
	        this.explanation = source["explanation"];
	        this.until = source["until"];
	        this.reason = source["reason"];
	    }
	}
	export class ShareInfo {
	    careQuestion: string;
	    since: string;
	    until: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.careQuestion = source["careQuestion"];
	        this.since = source["since"];
	        this.until = source["until"];
	    }
	}
	export class DossierView {
	    shared: boolean;
	    share?: ShareInfo;
	    caseContent: boolean;
	    caseClosed: boolean;
	    poortwachter: string;
	    pending: number;
	    canRevoke: boolean;
	    history: HistoryLine[];
	    absence?: AbsenceView;
	    employmentEnded: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DossierView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shared = source["shared"];
	        this.share = this.convertValues(source["share"], ShareInfo);
	        this.caseContent = source["caseContent"];
	        this.caseClosed = source["caseClosed"];
	        this.poortwachter = source["poortwachter"];
	        this.pending = source["pending"];
	        this.canRevoke = source["canRevoke"];
	        this.history = this.convertValues(source["history"], HistoryLine);
	        this.absence = this.convertValues(source["absence"], AbsenceView);
	        this.employmentEnded = source["employmentEnded"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EmailChangeInfo {
	    userId: string;
	    name: string;
	    email: string;
	    newEmail: string;
	
	    static createFrom(source: any = {}) {
	        return new EmailChangeInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.newEmail = source["newEmail"];
	    }
	}
	export class EmploymentFacts {
	    department: string;
	    departmentPath: string;
	    start: string;
	    end: string;
	    hours: string;
	    costCentre: string;
	    jobTitle: string;
	    contract: string;
	    sector: string;
	    riskGroup: string;
	    uwvRef: string;
	
	    static createFrom(source: any = {}) {
	        return new EmploymentFacts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.department = source["department"];
	        this.departmentPath = source["departmentPath"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.hours = source["hours"];
	        this.costCentre = source["costCentre"];
	        this.jobTitle = source["jobTitle"];
	        this.contract = source["contract"];
	        this.sector = source["sector"];
	        this.riskGroup = source["riskGroup"];
	        this.uwvRef = source["uwvRef"];
	    }
	}
	export class IdentityFields {
	    initials: string;
	    firstName: string;
	    firstNames: string;
	    prefix: string;
	    surname: string;
	    partnerPrefix: string;
	    partnerSurname: string;
	    nameUsage: string;
	    gender: string;
	    bsn: string;
	    birthDate: string;
	    street: string;
	    number: string;
	    addition: string;
	    postcode: string;
	    city: string;
	    country: string;
	    phoneMobile: string;
	    phoneWork: string;
	    phonePrivate: string;
	    emailWork: string;
	    emailPrivate: string;
	    displayName: string;
	
	    static createFrom(source: any = {}) {
	        return new IdentityFields(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.initials = source["initials"];
	        this.firstName = source["firstName"];
	        this.firstNames = source["firstNames"];
	        this.prefix = source["prefix"];
	        this.surname = source["surname"];
	        this.partnerPrefix = source["partnerPrefix"];
	        this.partnerSurname = source["partnerSurname"];
	        this.nameUsage = source["nameUsage"];
	        this.gender = source["gender"];
	        this.bsn = source["bsn"];
	        this.birthDate = source["birthDate"];
	        this.street = source["street"];
	        this.number = source["number"];
	        this.addition = source["addition"];
	        this.postcode = source["postcode"];
	        this.city = source["city"];
	        this.country = source["country"];
	        this.phoneMobile = source["phoneMobile"];
	        this.phoneWork = source["phoneWork"];
	        this.phonePrivate = source["phonePrivate"];
	        this.emailWork = source["emailWork"];
	        this.emailPrivate = source["emailPrivate"];
	        this.displayName = source["displayName"];
	    }
	}
	export class EmployeeDetail {
	    id: string;
	    employer: string;
	    persnr: string;
	    department: string;
	    departmentPath: string;
	    shared: boolean;
	    active: boolean;
	    label: string;
	    identityRead: boolean;
	    identity?: IdentityFields;
	    employments: EmploymentFacts[];
	
	    static createFrom(source: any = {}) {
	        return new EmployeeDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.employer = source["employer"];
	        this.persnr = source["persnr"];
	        this.department = source["department"];
	        this.departmentPath = source["departmentPath"];
	        this.shared = source["shared"];
	        this.active = source["active"];
	        this.label = source["label"];
	        this.identityRead = source["identityRead"];
	        this.identity = this.convertValues(source["identity"], IdentityFields);
	        this.employments = this.convertValues(source["employments"], EmploymentFacts);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EmployeeForm {
	    persnr: string;
	    department: string;
	    identity: IdentityFields;
	    start: string;
	    end: string;
	    hours: string;
	    costCentre: string;
	    jobTitle: string;
	    contract: string;
	    sector: string;
	    riskGroup: string;
	    uwvRef: string;
	
	    static createFrom(source: any = {}) {
	        return new EmployeeForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.persnr = source["persnr"];
	        this.department = source["department"];
	        this.identity = this.convertValues(source["identity"], IdentityFields);
	        this.start = source["start"];
	        this.end = source["end"];
	        this.hours = source["hours"];
	        this.costCentre = source["costCentre"];
	        this.jobTitle = source["jobTitle"];
	        this.contract = source["contract"];
	        this.sector = source["sector"];
	        this.riskGroup = source["riskGroup"];
	        this.uwvRef = source["uwvRef"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Employer {
	    name: string;
	    kvk: string;
	
	    static createFrom(source: any = {}) {
	        return new Employer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kvk = source["kvk"];
	    }
	}
	export class EmployerAddress {
	    street: string;
	    number: string;
	    addition: string;
	    postcode: string;
	    city: string;
	
	    static createFrom(source: any = {}) {
	        return new EmployerAddress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.street = source["street"];
	        this.number = source["number"];
	        this.addition = source["addition"];
	        this.postcode = source["postcode"];
	        this.city = source["city"];
	    }
	}
	export class EmployerForm {
	    name: string;
	    kvk: string;
	    payrollTaxNumber: string;
	    visitAddress: EmployerAddress;
	    postalAddress: EmployerAddress;
	
	    static createFrom(source: any = {}) {
	        return new EmployerForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kvk = source["kvk"];
	        this.payrollTaxNumber = source["payrollTaxNumber"];
	        this.visitAddress = this.convertValues(source["visitAddress"], EmployerAddress);
	        this.postalAddress = this.convertValues(source["postalAddress"], EmployerAddress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EmployerInfo {
	    id: string;
	    name: string;
	    kvk: string;
	    payrollTaxNumber: string;
	    visitAddress: EmployerAddress;
	    postalAddress: EmployerAddress;
	
	    static createFrom(source: any = {}) {
	        return new EmployerInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kvk = source["kvk"];
	        this.payrollTaxNumber = source["payrollTaxNumber"];
	        this.visitAddress = this.convertValues(source["visitAddress"], EmployerAddress);
	        this.postalAddress = this.convertValues(source["postalAddress"], EmployerAddress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class EraseResult {
	    erased: number;
	    noticesWaiting: number;
	    notifyError: string;
	    tookMs: number;
	
	    static createFrom(source: any = {}) {
	        return new EraseResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.erased = source["erased"];
	        this.noticesWaiting = source["noticesWaiting"];
	        this.notifyError = source["notifyError"];
	        this.tookMs = source["tookMs"];
	    }
	}
	export class Helpdesk {
	    name: string;
	    email: string;
	    phone: string;
	    hours: string;
	
	    static createFrom(source: any = {}) {
	        return new Helpdesk(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.hours = source["hours"];
	    }
	}
	export class HelpdeskForm {
	    name: string;
	    email: string;
	    phone: string;
	    hours: string;
	
	    static createFrom(source: any = {}) {
	        return new HelpdeskForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.hours = source["hours"];
	    }
	}
	export class HelpdeskView {
	    name: string;
	    email: string;
	    phone: string;
	    hours: string;
	    source: string;
	    service: Helpdesk;
	    serviceName: string;
	    linked: boolean;
	    canEdit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new HelpdeskView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.hours = source["hours"];
	        this.source = source["source"];
	        this.service = this.convertValues(source["service"], Helpdesk);
	        this.serviceName = source["serviceName"];
	        this.linked = source["linked"];
	        this.canEdit = source["canEdit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class IdentityConflict {
	    id: string;
	    employee: string;
	    kept?: IdentityFields;
	    current?: IdentityFields;
	    keptAt: string;
	    currentAt: string;
	    keptHere: boolean;
	    currentHere: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IdentityConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.employee = source["employee"];
	        this.kept = this.convertValues(source["kept"], IdentityFields);
	        this.current = this.convertValues(source["current"], IdentityFields);
	        this.keptAt = source["keptAt"];
	        this.currentAt = source["currentAt"];
	        this.keptHere = source["keptHere"];
	        this.currentHere = source["currentHere"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ImportColumn {
	    header: string;
	    field: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportColumn(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.header = source["header"];
	        this.field = source["field"];
	    }
	}
	export class ImportField {
	    name: string;
	    required: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.required = source["required"];
	    }
	}
	export class ImportLayout {
	    name: string;
	    title: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportLayout(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.title = source["title"];
	    }
	}
	export class ImportProblem {
	    line: number;
	    column: string;
	    code: string;
	    params?: Record<string, string>;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.column = source["column"];
	        this.code = source["code"];
	        this.params = source["params"];
	        this.message = source["message"];
	    }
	}
	export class ImportReport {
	    path: string;
	    fileName: string;
	    format: string;
	    encoding: string;
	    separator: string;
	    sheet: string;
	    layout: string;
	    columns: ImportColumn[];
	    sample: string[][];
	    missing: string[];
	    rows: number;
	    valid: number;
	    problems: ImportProblem[];
	    problemCount: number;
	    new: number;
	    changed: number;
	    ended: number;
	    unchanged: number;
	    departmentsCreated: number;
	    written: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.fileName = source["fileName"];
	        this.format = source["format"];
	        this.encoding = source["encoding"];
	        this.separator = source["separator"];
	        this.sheet = source["sheet"];
	        this.layout = source["layout"];
	        this.columns = this.convertValues(source["columns"], ImportColumn);
	        this.sample = source["sample"];
	        this.missing = source["missing"];
	        this.rows = source["rows"];
	        this.valid = source["valid"];
	        this.problems = this.convertValues(source["problems"], ImportProblem);
	        this.problemCount = source["problemCount"];
	        this.new = source["new"];
	        this.changed = source["changed"];
	        this.ended = source["ended"];
	        this.unchanged = source["unchanged"];
	        this.departmentsCreated = source["departmentsCreated"];
	        this.written = source["written"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportRequest {
	    path: string;
	    employer: string;
	    mapping: Record<string, string>;
	    layout: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.employer = source["employer"];
	        this.mapping = source["mapping"];
	        this.layout = source["layout"];
	    }
	}
	export class InterruptedImport {
	    employer: string;
	    started: string;
	    rows: number;
	    undone: boolean;
	
	    static createFrom(source: any = {}) {
	        return new InterruptedImport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.employer = source["employer"];
	        this.started = source["started"];
	        this.rows = source["rows"];
	        this.undone = source["undone"];
	    }
	}
	export class JoinRequest {
	    url: string;
	    accessKey: string;
	    secretKey: string;
	    code: string;
	
	    static createFrom(source: any = {}) {
	        return new JoinRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.accessKey = source["accessKey"];
	        this.secretKey = source["secretKey"];
	        this.code = source["code"];
	    }
	}
	export class LogCheck {
	    entries: number;
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new LogCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = source["entries"];
	        this.problems = source["problems"];
	    }
	}
	export class LogGap {
	    device: string;
	    missing: number;
	    since: string;
	
	    static createFrom(source: any = {}) {
	        return new LogGap(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.device = source["device"];
	        this.missing = source["missing"];
	        this.since = source["since"];
	    }
	}
	export class LogRow {
	    seq: number;
	    at: string;
	    user: string;
	    userName: string;
	    action: string;
	    detail: string;
	    count: number;
	    subjects: workspace.LogSubject[];
	    device: string;
	
	    static createFrom(source: any = {}) {
	        return new LogRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.at = source["at"];
	        this.user = source["user"];
	        this.userName = source["userName"];
	        this.action = source["action"];
	        this.detail = source["detail"];
	        this.count = source["count"];
	        this.subjects = this.convertValues(source["subjects"], workspace.LogSubject);
	        this.device = source["device"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogPage {
	    rows: LogRow[];
	    next: number;
	    scanned: number;
	    unreadable: number;
	
	    static createFrom(source: any = {}) {
	        return new LogPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], LogRow);
	        this.next = source["next"];
	        this.scanned = source["scanned"];
	        this.unreadable = source["unreadable"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogQuery {
	    user: string;
	    persnr: string;
	    actions: string[];
	    from: string;
	    to: string;
	    before: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new LogQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = source["user"];
	        this.persnr = source["persnr"];
	        this.actions = source["actions"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.before = source["before"];
	        this.limit = source["limit"];
	    }
	}
	
	export class LogStatus {
	    head: number;
	    checked: number;
	    checkedAt: string;
	    issue: string;
	    gaps: LogGap[];
	
	    static createFrom(source: any = {}) {
	        return new LogStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.head = source["head"];
	        this.checked = source["checked"];
	        this.checkedAt = source["checkedAt"];
	        this.issue = source["issue"];
	        this.gaps = this.convertValues(source["gaps"], LogGap);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogUser {
	    id: string;
	    name: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new LogUser(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	    }
	}
	export class MailSettingsForm {
	    host: string;
	    port: string;
	    startTLS: boolean;
	    user: string;
	    from: string;
	
	    static createFrom(source: any = {}) {
	        return new MailSettingsForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.port = source["port"];
	        this.startTLS = source["startTLS"];
	        this.user = source["user"];
	        this.from = source["from"];
	    }
	}
	export class MailSettingsView {
	    host: string;
	    port: number;
	    startTLS: boolean;
	    user: string;
	    from: string;
	    configured: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MailSettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.port = source["port"];
	        this.startTLS = source["startTLS"];
	        this.user = source["user"];
	        this.from = source["from"];
	        this.configured = source["configured"];
	    }
	}
	export class NewVault {
	    employerName: string;
	    kvk: string;
	    adminName: string;
	    adminEmail: string;
	    passphrase: string;
	
	    static createFrom(source: any = {}) {
	        return new NewVault(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.employerName = source["employerName"];
	        this.kvk = source["kvk"];
	        this.adminName = source["adminName"];
	        this.adminEmail = source["adminEmail"];
	        this.passphrase = source["passphrase"];
	    }
	}
	export class User {
	    name: string;
	    email: string;
	    role: string;
	    pendingEmail?: string;
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.pendingEmail = source["pendingEmail"];
	    }
	}
	export class Status {
	    state: string;
	    vaultPath: string;
	    errorCode?: string;
	    user?: User;
	    employer?: Employer;
	    idleLockMinutes: number;
	    recoveryKitPending: boolean;
	    recoveryKitReplaced?: boolean;
	    auditProblem?: string;
	    logPath?: string;
	    version: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.vaultPath = source["vaultPath"];
	        this.errorCode = source["errorCode"];
	        this.user = this.convertValues(source["user"], User);
	        this.employer = this.convertValues(source["employer"], Employer);
	        this.idleLockMinutes = source["idleLockMinutes"];
	        this.recoveryKitPending = source["recoveryKitPending"];
	        this.recoveryKitReplaced = source["recoveryKitReplaced"];
	        this.auditProblem = source["auditProblem"];
	        this.logPath = source["logPath"];
	        this.version = source["version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NewVaultResult {
	    recoveryCode: string;
	    status: Status;
	
	    static createFrom(source: any = {}) {
	        return new NewVaultResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.recoveryCode = source["recoveryCode"];
	        this.status = this.convertValues(source["status"], Status);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PassphraseCheck {
	    score: number;
	    acceptable: boolean;
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new PassphraseCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.score = source["score"];
	        this.acceptable = source["acceptable"];
	        this.problems = source["problems"];
	    }
	}
	export class RecentEmployee {
	    id: string;
	    persnr: string;
	    label: string;
	    departmentPath: string;
	    active: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RecentEmployee(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.persnr = source["persnr"];
	        this.label = source["label"];
	        this.departmentPath = source["departmentPath"];
	        this.active = source["active"];
	    }
	}
	export class ReplicaDevice {
	    id: string;
	    label: string;
	    firstContact: string;
	    lastContact: string;
	    thisDevice: boolean;
	    removedAt: string;
	    removedBy: string;
	    auditMissing: number;
	
	    static createFrom(source: any = {}) {
	        return new ReplicaDevice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.label = source["label"];
	        this.firstContact = source["firstContact"];
	        this.lastContact = source["lastContact"];
	        this.thisDevice = source["thisDevice"];
	        this.removedAt = source["removedAt"];
	        this.removedBy = source["removedBy"];
	        this.auditMissing = source["auditMissing"];
	    }
	}
	export class ReplicaSettings {
	    configured: boolean;
	    url: string;
	    accessKey: string;
	    setAt: string;
	
	    static createFrom(source: any = {}) {
	        return new ReplicaSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.url = source["url"];
	        this.accessKey = source["accessKey"];
	        this.setAt = source["setAt"];
	    }
	}
	export class ReplicaStatus {
	    configured: boolean;
	    lastPush: string;
	    lastPull: string;
	    lastError: string;
	    pending: number;
	    refused: number;
	    changed: boolean;
	    device: string;
	    removed: string;
	
	    static createFrom(source: any = {}) {
	        return new ReplicaStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.lastPush = source["lastPush"];
	        this.lastPull = source["lastPull"];
	        this.lastError = source["lastError"];
	        this.pending = source["pending"];
	        this.refused = source["refused"];
	        this.changed = source["changed"];
	        this.device = source["device"];
	        this.removed = source["removed"];
	    }
	}
	export class ReportSaved {
	    files: string[];
	
	    static createFrom(source: any = {}) {
	        return new ReportSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.files = source["files"];
	    }
	}
	export class RestoreDone {
	    status: Status;
	    created: string;
	    undoneImport: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RestoreDone(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = this.convertValues(source["status"], Status);
	        this.created = source["created"];
	        this.undoneImport = source["undoneImport"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RetentionEntry {
	    employeeId: string;
	    persnr: string;
	    departmentPath: string;
	    ended: string;
	    blocked: string;
	
	    static createFrom(source: any = {}) {
	        return new RetentionEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.employeeId = source["employeeId"];
	        this.persnr = source["persnr"];
	        this.departmentPath = source["departmentPath"];
	        this.ended = source["ended"];
	        this.blocked = source["blocked"];
	    }
	}
	export class RetentionList {
	    entries: RetentionEntry[];
	    erased: number;
	    noticesWaiting: number;
	
	    static createFrom(source: any = {}) {
	        return new RetentionList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], RetentionEntry);
	        this.erased = source["erased"];
	        this.noticesWaiting = source["noticesWaiting"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RoleChange {
	    newRecoveryCode: string;
	    status: Status;
	
	    static createFrom(source: any = {}) {
	        return new RoleChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.newRecoveryCode = source["newRecoveryCode"];
	        this.status = this.convertValues(source["status"], Status);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SIVIForm {
	    senderId: string;
	    receiverId: string;
	    arboEmployerId: string;
	    connectionNumber: string;
	    payrollTaxNumber: string;
	    contactSurname: string;
	    contactInitials: string;
	    contactRole: string;
	    contactChannel: string;
	    contactValue: string;
	    gender: string;
	    initials: string;
	    processingCode: string;
	    causeCode: string;
	
	    static createFrom(source: any = {}) {
	        return new SIVIForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.senderId = source["senderId"];
	        this.receiverId = source["receiverId"];
	        this.arboEmployerId = source["arboEmployerId"];
	        this.connectionNumber = source["connectionNumber"];
	        this.payrollTaxNumber = source["payrollTaxNumber"];
	        this.contactSurname = source["contactSurname"];
	        this.contactInitials = source["contactInitials"];
	        this.contactRole = source["contactRole"];
	        this.contactChannel = source["contactChannel"];
	        this.contactValue = source["contactValue"];
	        this.gender = source["gender"];
	        this.initials = source["initials"];
	        this.processingCode = source["processingCode"];
	        this.causeCode = source["causeCode"];
	    }
	}
	export class SIVISaved {
	    folder: string;
	    files: string[];
	
	    static createFrom(source: any = {}) {
	        return new SIVISaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.folder = source["folder"];
	        this.files = source["files"];
	    }
	}
	export class SearchHit {
	    id: string;
	    persnr: string;
	    employer: string;
	    departmentPath: string;
	    shared: boolean;
	    active: boolean;
	    matchedBy: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.persnr = source["persnr"];
	        this.employer = source["employer"];
	        this.departmentPath = source["departmentPath"];
	        this.shared = source["shared"];
	        this.active = source["active"];
	        this.matchedBy = source["matchedBy"];
	        this.name = source["name"];
	    }
	}
	export class SearchAnswer {
	    hits: SearchHit[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchAnswer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hits = this.convertValues(source["hits"], SearchHit);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ShareForm {
	    careQuestion: string;
	    explanation: string;
	    until: string;
	
	    static createFrom(source: any = {}) {
	        return new ShareForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.careQuestion = source["careQuestion"];
	        this.explanation = source["explanation"];
	        this.until = source["until"];
	    }
	}
	
	export class SignatoryForm {
	    name: string;
	    function: string;
	    basis: string;
	    coSignatory: string;
	    powerLimits: string;
	    kvk: string;
	    extractDate: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new SignatoryForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.function = source["function"];
	        this.basis = source["basis"];
	        this.coSignatory = source["coSignatory"];
	        this.powerLimits = source["powerLimits"];
	        this.kvk = source["kvk"];
	        this.extractDate = source["extractDate"];
	        this.email = source["email"];
	    }
	}
	
	
	
	export class SupportInfo {
	    text: string;
	    version: string;
	    vaultPath: string;
	    logPath: string;
	    vaultFormat: number;
	    vaultBytes: number;
	
	    static createFrom(source: any = {}) {
	        return new SupportInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.version = source["version"];
	        this.vaultPath = source["vaultPath"];
	        this.logPath = source["logPath"];
	        this.vaultFormat = source["vaultFormat"];
	        this.vaultBytes = source["vaultBytes"];
	    }
	}
	export class SyncStatus {
	    linked: boolean;
	    serviceName: string;
	    url: string;
	    employerId: string;
	    fingerprint: string;
	    helpdesk: Helpdesk;
	    linkedAt: string;
	    lastAttempt: string;
	    lastSuccess: string;
	    lastError: string;
	    pending: number;
	    rejected: number;
	    stale: boolean;
	    retrievalsThisMonth: number;
	    running: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.linked = source["linked"];
	        this.serviceName = source["serviceName"];
	        this.url = source["url"];
	        this.employerId = source["employerId"];
	        this.fingerprint = source["fingerprint"];
	        this.helpdesk = this.convertValues(source["helpdesk"], Helpdesk);
	        this.linkedAt = source["linkedAt"];
	        this.lastAttempt = source["lastAttempt"];
	        this.lastSuccess = source["lastSuccess"];
	        this.lastError = source["lastError"];
	        this.pending = source["pending"];
	        this.rejected = source["rejected"];
	        this.stale = source["stale"];
	        this.retrievalsThisMonth = source["retrievalsThisMonth"];
	        this.running = source["running"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncReport {
	    sent: number;
	    rejected: number;
	    retrievals: number;
	    ended: number;
	    waiting: number;
	    status: SyncStatus;
	
	    static createFrom(source: any = {}) {
	        return new SyncReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sent = source["sent"];
	        this.rejected = source["rejected"];
	        this.retrievals = source["retrievals"];
	        this.ended = source["ended"];
	        this.waiting = source["waiting"];
	        this.status = this.convertValues(source["status"], SyncStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class TreeRow {
	    id: string;
	    kind: string;
	    depth: number;
	    label: string;
	    persnr?: string;
	    anonymised: boolean;
	    shared: boolean;
	    active: boolean;
	    hasChildren: boolean;
	    expanded: boolean;
	    count: number;
	    activeCount: number;
	    posInSet: number;
	    setSize: number;
	
	    static createFrom(source: any = {}) {
	        return new TreeRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.depth = source["depth"];
	        this.label = source["label"];
	        this.persnr = source["persnr"];
	        this.anonymised = source["anonymised"];
	        this.shared = source["shared"];
	        this.active = source["active"];
	        this.hasChildren = source["hasChildren"];
	        this.expanded = source["expanded"];
	        this.count = source["count"];
	        this.activeCount = source["activeCount"];
	        this.posInSet = source["posInSet"];
	        this.setSize = source["setSize"];
	    }
	}
	export class TreePage {
	    total: number;
	    offset: number;
	    rows: TreeRow[];
	
	    static createFrom(source: any = {}) {
	        return new TreePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.offset = source["offset"];
	        this.rows = this.convertValues(source["rows"], TreeRow);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TreeQuery {
	    expanded: string[];
	    offset: number;
	    limit: number;
	    status: string;
	    share: string;
	    sort: string;
	
	    static createFrom(source: any = {}) {
	        return new TreeQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.expanded = source["expanded"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.status = source["status"];
	        this.share = source["share"];
	        this.sort = source["sort"];
	    }
	}
	
	
	export class UserRow {
	    id: string;
	    name: string;
	    email: string;
	    role: string;
	    status: string;
	    allDepartments: boolean;
	    departments: DepartmentRef[];
	    below: number;
	    grantedBy: string;
	    grantedAt: string;
	    revokedBy: string;
	    revokedAt: string;
	    lastActivity: string;
	    self: boolean;
	    founder: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UserRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.status = source["status"];
	        this.allDepartments = source["allDepartments"];
	        this.departments = this.convertValues(source["departments"], DepartmentRef);
	        this.below = source["below"];
	        this.grantedBy = source["grantedBy"];
	        this.grantedAt = source["grantedAt"];
	        this.revokedBy = source["revokedBy"];
	        this.revokedAt = source["revokedAt"];
	        this.lastActivity = source["lastActivity"];
	        this.self = source["self"];
	        this.founder = source["founder"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace workspace {
	
	export class LogSubject {
	    kind: string;
	    persnr?: string;
	    department?: string;
	    label: string;
	    named?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LogSubject(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.persnr = source["persnr"];
	        this.department = source["department"];
	        this.label = source["label"];
	        this.named = source["named"];
	    }
	}

}

