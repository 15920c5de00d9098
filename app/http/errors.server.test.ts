import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "~/domain/errors";
import { attempt, withErrorResponses } from "./errors.server";

const thrownBy = async (run: () => Promise<unknown>) =>
  run().then(
    () => null,
    (error: unknown) => error,
  );

describe("the route edge's mapping of service errors", () => {
  it("throws each kind on as its status with the message as plain text", async () => {
    for (const [error, status] of [
      [new NotFoundError("There is no such team."), 404],
      [new ForbiddenError("Not yours."), 403],
      [new InputError("Bad rate.", { rate: "From 0.000001" }), 400],
      [new ConflictError("This wave is already closed."), 409],
    ] as const) {
      const thrown = await thrownBy(() => withErrorResponses(() => Promise.reject(error))({}));
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(status);
      expect(await (thrown as Response).text()).toBe(error.message);
    }
  });

  it("recognises a service error made by another bundle's copy of the module (the server and Remix bundle it twice)", async () => {
    // What the Remix bundle's NotFoundError looks like to the server bundle: not an instance of this copy's class.
    const foreign = Object.assign(new Error("There is no such team."), { kind: "not-found", [Symbol.for("candor.ServiceError")]: true });
    expect(foreign).not.toBeInstanceOf(NotFoundError);
    const thrown = await thrownBy(() => withErrorResponses(() => Promise.reject(foreign))({}));
    expect((thrown as Response).status).toBe(404);
  });

  it("leaves any other error alone (Remix answers 500 and logs it)", async () => {
    const bug = new TypeError("undefined is not a function");
    expect(await thrownBy(() => withErrorResponses(() => Promise.reject(bug))({}))).toBe(bug);
  });

  it("gives a form the refusals a person can act on, and throws the others on", async () => {
    expect(await attempt(() => Promise.reject(new InputError("Check the fields.", { name: "Enter a name" })))).toEqual({
      ok: false,
      status: 400,
      formError: "Check the fields.",
      fieldErrors: { name: "Enter a name" },
    });
    expect(await attempt(() => Promise.reject(new ConflictError("Too late.")))).toEqual({ ok: false, status: 409, formError: "Too late.", fieldErrors: {} });
    expect(await attempt(() => Promise.resolve(7))).toEqual({ ok: true, value: 7 });
    await expect(attempt(() => Promise.reject(new ForbiddenError()))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
