import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  businessCaseDecider,
  businessCaseStreamName,
  departmentDecider,
  departmentStreamName,
  MUNICIPALITY_SETTINGS_STREAM,
  municipalitySettingsDecider,
  validateRevision,
  type BusinessCaseCommand,
  type BusinessCaseContent,
  type BusinessCaseEvent,
} from '@gevinst/domain';
import { CommandRunner, type CommandResult, type RequestContext } from '../application/command-runner';
import { ValidationProblem, type InvalidParam } from '../http/problem';
import { ReadModels } from '../read-models/read-models';

/** A business-case command as it travels on the CommandBus. */
export class ExecuteBusinessCaseCommand {
  constructor(
    readonly command: BusinessCaseCommand,
    readonly context: RequestContext,
    readonly expectedRevision?: bigint,
  ) {}
}

/**
 * Runs a business-case command: for a new revision, stamps the municipality's discount rate in
 * force, checks every field (all errors at once, with their paths) and that the departments
 * named exist; then load → decide → append with the expected revision.
 */
@CommandHandler(ExecuteBusinessCaseCommand)
export class ExecuteBusinessCaseHandler implements ICommandHandler<ExecuteBusinessCaseCommand, CommandResult<BusinessCaseEvent>> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
  ) {}

  async execute({ command, context, expectedRevision }: ExecuteBusinessCaseCommand): Promise<CommandResult<BusinessCaseEvent>> {
    let prepared = command;
    if (command.type === 'DraftBusinessCase' || command.type === 'ReviseBusinessCase') {
      prepared = { ...command, data: { ...command.data, content: await this.prepareContent(command.data.content) } } as BusinessCaseCommand;
    }
    const result = await this.runner.run({
      streamName: businessCaseStreamName(command.data.caseId),
      decider: businessCaseDecider,
      command: prepared,
      context,
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    });
    await this.readModels.caughtUpTo(result.position);
    return result;
  }

  private async prepareContent(content: BusinessCaseContent): Promise<BusinessCaseContent> {
    const settings = await this.runner.load(MUNICIPALITY_SETTINGS_STREAM, municipalitySettingsDecider);
    const stamped: BusinessCaseContent = { ...content, discountRatePct: settings.state.discountRatePct };
    const invalid: InvalidParam[] = validateRevision(stamped).errors.map((e) => ({ name: e.field, reason: e.message }));
    const departments = new Map<string, string>([[stamped.owningDepartmentId, 'owningDepartmentId']]);
    stamped.benefitLines.forEach((line, i) => {
      if (!departments.has(line.departmentId)) departments.set(line.departmentId, `benefitLines[${i}].departmentId`);
    });
    for (const [departmentId, field] of departments) {
      const { state } = await this.runner.load(departmentStreamName(departmentId), departmentDecider);
      if (state.status === 'unregistered') invalid.push({ name: field, reason: `unknown department ${departmentId}` });
    }
    if (invalid.length > 0) throw new ValidationProblem(invalid, 'The business case is not valid');
    return stamped;
  }
}
