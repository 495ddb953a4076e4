// The same card-body skeleton as signing in: a heading and a form, under the layout's mark.
export { default } from "../../(auth)/loading";
