import { listModels, type ModelCard } from '@hitscreen/models';

/**
 * The models that exist (models/<name> with a valid card), read once at start-up: submissions are checked
 * against it, and exports and reports take task names and metrics from the cards.
 */
export class ModelCatalog {
  private readonly cards: Map<string, ModelCard>;

  constructor(cards: ModelCard[]) {
    this.cards = new Map(cards.map((card) => [card.name, card]));
  }

  static fromDisk(): ModelCatalog {
    return new ModelCatalog(listModels().flatMap((m) => (m.card ? [m.card] : [])));
  }

  names(): string[] {
    return [...this.cards.keys()];
  }

  card(name: string): ModelCard | undefined {
    return this.cards.get(name);
  }

  /** The cards of the named models that exist, in the given order. */
  cardsOf(names: readonly string[]): ModelCard[] {
    return names.flatMap((name) => {
      const card = this.cards.get(name);
      return card ? [card] : [];
    });
  }
}
