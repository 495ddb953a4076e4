// The same card-shaped form skeleton as creating an org.
export { default } from "../new/loading";
