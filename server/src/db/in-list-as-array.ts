import {
  BinaryOperationNode,
  FunctionNode,
  type KyselyPlugin,
  OperationNodeTransformer,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueNode,
} from 'kysely';

/**
 * PostgreSQL: `x in ($1, $2, …)` written as `x = any($1)` (and `not in` as `<> all($1)`), the list passed as one
 * array. PostgreSQL plans both alike, but the list's text grows with its length, so every batch of a burst (the
 * chats of an intake or a take batch, ~100–300 of them) was a statement PostgreSQL had never seen: parsed and
 * planned again, and never prepared (db/prepared-statements.ts prepares a text on its second use). As an array
 * the text is the same for any length. SQLite has no arrays and keeps its lists.
 */
export class InListAsArray implements KyselyPlugin {
  private readonly transformer = new InListTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const ARRAY_FORMS = { in: ['=', 'any'], 'not in': ['<>', 'all'] } as const;

class InListTransformer extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const transformed = super.transformBinaryOperation(node);
    const { operator, rightOperand } = transformed;
    if (!OperatorNode.is(operator) || !PrimitiveValueListNode.is(rightOperand)) return transformed;
    const form = ARRAY_FORMS[operator.operator as keyof typeof ARRAY_FORMS];
    if (!form) return transformed;
    return BinaryOperationNode.create(
      transformed.leftOperand,
      OperatorNode.create(form[0]),
      FunctionNode.create(form[1], [ValueNode.create([...rightOperand.values])]),
    );
  }
}
