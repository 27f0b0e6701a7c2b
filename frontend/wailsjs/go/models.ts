export namespace app {
	
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
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
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
	

}

